import { EVALUATION_SCALES, EvaluationScale, type EvaluationCriterion, type EvaluationFormView } from '@fc/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../api/api-client';
import { useText } from './use-text';

const LIST = ['admin', 'evaluation-forms'];

/** The administrator's evaluation forms: each with its current version; editing the criteria saves the next version. */
export function FormsEditor() {
  const { t } = useTranslation('evaluations');
  const { t: common } = useTranslation();
  const text = useText();
  const forms = useQuery({ queryKey: LIST, queryFn: () => api<EvaluationFormView[]>('/api/admin/evaluation-forms') });
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = forms.data?.find((f) => f.id === editing);
  return (
    <section aria-labelledby="forms-heading">
      <h2 id="forms-heading" tabIndex={-1}>
        {t('admin.heading')}
      </h2>
      <p className="muted">{t('admin.intro')}</p>
      {forms.isLoading && <p>{common('loading')}</p>}
      {forms.error && <p role="alert">{t('errors.load', { message: errorMessage(forms.error) })}</p>}
      <p role="status" data-testid="form-saved">
        {saved}
      </p>
      {!!forms.data?.length && (
        <table data-testid="evaluation-forms">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.version')}</th>
              <th scope="col">{t('admin.criteria')}</th>
              <th scope="col">{t('admin.active')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {forms.data.map((f) => (
              <tr key={f.id} data-form-id={f.id}>
                <td>{text({ nb: f.nameNb, en: f.nameEn })}</td>
                <td className="number" data-testid="form-version">
                  {f.version}
                </td>
                <td className="number">{f.criteria.length}</td>
                <td>{f.active ? t('yes') : t('no')}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => {
                      setSaved(null);
                      setEditing(f.id);
                    }}
                  >
                    {t('admin.edit', { name: text({ nb: f.nameNb, en: f.nameEn }) })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {form && (
        <CriteriaEditor
          key={form.versionId}
          form={form}
          onDone={(view) => {
            setEditing(null);
            if (view) setSaved(t('admin.saved', { name: text({ nb: view.nameNb, en: view.nameEn }), version: view.version }));
          }}
        />
      )}
    </section>
  );
}

/** The criteria of one form, edited as a whole and saved as the next version. */
function CriteriaEditor({ form, onDone }: { form: EvaluationFormView; onDone: (saved: EvaluationFormView | null) => void }) {
  const { t } = useTranslation('evaluations');
  const text = useText();
  const queries = useQueryClient();
  const [criteria, setCriteria] = useState<EvaluationCriterion[]>(form.criteria);
  const save = useMutation({
    mutationFn: () => api<EvaluationFormView>(`/api/admin/evaluation-forms/${form.id}`, { method: 'PATCH', body: { criteria } }),
    onSuccess: (view) => {
      void queries.invalidateQueries({ queryKey: LIST });
      onDone(view);
    },
  });
  const change = (index: number, patch: Partial<EvaluationCriterion>) => setCriteria((current) => current.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const name = text({ nb: form.nameNb, en: form.nameEn });
  return (
    <form className="panel criteria-editor" onSubmit={submit} noValidate aria-labelledby="criteria-editor-heading">
      <h3 id="criteria-editor-heading">{t('admin.editHeading', { name, version: form.version })}</h3>
      {criteria.map((criterion, index) => {
        const id = `criterion-${index}`;
        return (
          <fieldset key={index} data-criterion={criterion.key}>
            <legend>{t('admin.criterion', { n: index + 1 })}</legend>
            <div className="row">
              <div>
                <label htmlFor={`${id}-key`}>{t('admin.key')}</label>
                <input id={`${id}-key`} value={criterion.key} onChange={(event) => change(index, { key: event.target.value })} />
              </div>
              <div>
                <label htmlFor={`${id}-weight`}>{t('admin.weight')}</label>
                <input id={`${id}-weight`} type="number" min={1} max={100} value={criterion.weight} onChange={(event) => change(index, { weight: Number(event.target.value) })} />
              </div>
              <div>
                <label htmlFor={`${id}-scale`}>{t('admin.scale')}</label>
                <select id={`${id}-scale`} value={criterion.scale} onChange={(event) => change(index, { scale: event.target.value as EvaluationScale })}>
                  {EVALUATION_SCALES.map((scale) => (
                    <option key={scale} value={scale}>
                      {t(`admin.scales.${scale}`)}
                    </option>
                  ))}
                </select>
              </div>
              <label>
                <input type="checkbox" checked={criterion.naAllowed} onChange={(event) => change(index, { naAllowed: event.target.checked })} /> {t('admin.naAllowed')}
              </label>
            </div>
            <div className="row">
              <div>
                <label htmlFor={`${id}-label-nb`}>{t('admin.labelNb')}</label>
                <input id={`${id}-label-nb`} value={criterion.label.nb} onChange={(event) => change(index, { label: { ...criterion.label, nb: event.target.value } })} />
              </div>
              <div>
                <label htmlFor={`${id}-label-en`}>{t('admin.labelEn')}</label>
                <input id={`${id}-label-en`} value={criterion.label.en} onChange={(event) => change(index, { label: { ...criterion.label, en: event.target.value } })} />
              </div>
            </div>
            <label htmlFor={`${id}-guidance-nb`}>{t('admin.guidanceNb')}</label>
            <textarea id={`${id}-guidance-nb`} rows={2} value={criterion.guidance.nb} onChange={(event) => change(index, { guidance: { ...criterion.guidance, nb: event.target.value } })} />
            <label htmlFor={`${id}-guidance-en`}>{t('admin.guidanceEn')}</label>
            <textarea id={`${id}-guidance-en`} rows={2} value={criterion.guidance.en} onChange={(event) => change(index, { guidance: { ...criterion.guidance, en: event.target.value } })} />
            <button type="button" onClick={() => setCriteria((current) => current.filter((_, i) => i !== index))}>
              {t('admin.remove')}
            </button>
          </fieldset>
        );
      })}
      <button
        type="button"
        onClick={() =>
          setCriteria((current) => [
            ...current,
            { key: `criterion_${current.length + 1}`, label: { nb: '', en: '' }, guidance: { nb: '', en: '' }, weight: 1, scale: EvaluationScale.ZeroToFour, naAllowed: false },
          ])
        }
      >
        {t('admin.add')}
      </button>
      <p role="alert" className="form-error">
        {save.error ? t('errors.save', { message: errorMessage(save.error) }) : null}
      </p>
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('admin.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('admin.cancel')}
        </button>
      </div>
    </form>
  );
}
