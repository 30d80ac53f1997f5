import { RoutingStrategy, SkillKind, type EscalationStep, type SkillView, type TopicAdminView } from '@fc/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/api-client';
import { ApiProblem } from './api-problem';
import { ADMIN_KEYS, useNames, useRefresh } from './use-admin-data';

const STRATEGIES = Object.values(RoutingStrategy);
const LEVELS = ['1', '2', '3', '4', '5'];

/** One row of the steps table as typed: numbers stay text until saved, so the api judges them. */
interface StepRow {
  id: number;
  afterSec: string;
  /** '' keeps the level of the step before. */
  minProficiency: string;
  /** undefined keeps what the step before said. */
  includeGeneralists: boolean | undefined;
  offerCallback: boolean | undefined;
}

interface Form {
  key: string;
  nameNb: string;
  nameEn: string;
  skillKey: string;
  minProficiency: string;
  priority: string;
  serviceLevelTargetPct: string;
  serviceLevelThresholdSec: string;
  callbackTargetMin: string;
  strategy: RoutingStrategy;
  steps: StepRow[];
  closingGuidanceNb: string;
  closingGuidanceEn: string;
  active: boolean;
}

let nextRowId = 1;
const row = (step: EscalationStep): StepRow => ({
  id: nextRowId++,
  afterSec: String(step.afterSec),
  minProficiency: step.minProficiency === undefined ? '' : String(step.minProficiency),
  includeGeneralists: step.includeGeneralists,
  offerCallback: step.offerCallback,
});

function formOf(topic: TopicAdminView | null): Form {
  if (!topic) {
    return {
      key: '',
      nameNb: '',
      nameEn: '',
      skillKey: '',
      minProficiency: '1',
      priority: '0',
      serviceLevelTargetPct: '80',
      serviceLevelThresholdSec: '20',
      callbackTargetMin: '240',
      strategy: RoutingStrategy.MostProficientLongestIdle,
      steps: [],
      closingGuidanceNb: '',
      closingGuidanceEn: '',
      active: true,
    };
  }
  return {
    key: topic.key,
    nameNb: topic.nameNb,
    nameEn: topic.nameEn,
    skillKey: topic.skillKey,
    minProficiency: String(topic.minProficiency),
    priority: String(topic.priority),
    serviceLevelTargetPct: String(topic.serviceLevelTargetPct),
    serviceLevelThresholdSec: String(topic.serviceLevelThresholdSec),
    callbackTargetMin: String(topic.callbackTargetMin),
    strategy: topic.strategy,
    steps: topic.escalationSteps.map(row),
    closingGuidanceNb: topic.closingGuidanceNb,
    closingGuidanceEn: topic.closingGuidanceEn,
    active: topic.active,
  };
}

/** A number as typed; anything that is not one goes as typed, for the api to name the field. */
const numberOf = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

function stepsOf(rows: StepRow[]): unknown[] {
  return rows.map((r) => ({
    afterSec: numberOf(r.afterSec),
    ...(r.minProficiency !== '' ? { minProficiency: numberOf(r.minProficiency) } : {}),
    ...(r.includeGeneralists !== undefined ? { includeGeneralists: r.includeGeneralists } : {}),
    ...(r.offerCallback !== undefined ? { offerCallback: r.offerCallback } : {}),
  }));
}

/** The request body: every field for a new topic; only what changed for an existing one. */
function bodyOf(form: Form, original: TopicAdminView | null): Record<string, unknown> {
  const all: Record<string, unknown> = {
    nameNb: form.nameNb,
    nameEn: form.nameEn,
    skillKey: form.skillKey,
    minProficiency: numberOf(form.minProficiency),
    priority: numberOf(form.priority),
    serviceLevelTargetPct: numberOf(form.serviceLevelTargetPct),
    serviceLevelThresholdSec: numberOf(form.serviceLevelThresholdSec),
    callbackTargetMin: numberOf(form.callbackTargetMin),
    strategy: form.strategy,
    escalationSteps: stepsOf(form.steps),
    closingGuidanceNb: form.closingGuidanceNb,
    closingGuidanceEn: form.closingGuidanceEn,
    active: form.active,
  };
  if (!original) return { key: form.key, ...all };
  // Steps in the same shape as the form's (jsonb does not keep the keys' order).
  const before: Record<string, unknown> = { ...original, escalationSteps: stepsOf(original.escalationSteps.map(row)) };
  return Object.fromEntries(Object.entries(all).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(before[field])));
}

/**
 * Creates or edits a topic: names, skill and minimum level, priority, targets, strategy, the
 * escalation steps (add, remove, reorder), closing guidance, active. The api's refusal shows next to
 * the save button and takes the focus; a change applies from the next routing round.
 */
export function TopicEditor({ topic, skills, onDone }: { topic: TopicAdminView | null; skills: SkillView[]; onDone: (message: string | null) => void }) {
  const { t } = useTranslation('admin');
  const { t: common } = useTranslation();
  const name = useNames();
  const refresh = useRefresh();
  const queries = useQueryClient();
  const [form, setForm] = useState<Form>(() => formOf(topic));
  const [notice, setNotice] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const problem = useRef<HTMLDivElement>(null);
  const stepsTable = useRef<HTMLTableSectionElement>(null);
  // After a move, add or removal: which control of which step row takes the focus.
  const [focusAfter, setFocusAfter] = useState<{ id: number | 'add'; control: string } | null>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (!focusAfter) return;
    // A step moved to the end cannot move further down: its other move button, then its remove button.
    const fallbacks = focusAfter.control === 'down' ? ['down', 'up', 'remove'] : focusAfter.control === 'up' ? ['up', 'down', 'remove'] : [focusAfter.control];
    const target =
      focusAfter.id === 'add'
        ? document.getElementById('add-step')
        : fallbacks.map((control) => stepsTable.current?.querySelector<HTMLElement>(`[data-step="${focusAfter.id}"] [data-control="${control}"]:not(:disabled)`)).find(Boolean);
    target?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const set = <K extends keyof Form>(field: K, value: Form[K]) => setForm((current) => ({ ...current, [field]: value }));
  const setStep = (id: number, change: Partial<StepRow>) =>
    set(
      'steps',
      form.steps.map((s) => (s.id === id ? { ...s, ...change } : s)),
    );
  const move = (index: number, by: -1 | 1) => {
    const steps = [...form.steps];
    const [moved] = steps.splice(index, 1);
    steps.splice(index + by, 0, moved!);
    set('steps', steps);
    setFocusAfter({ id: moved!.id, control: by < 0 ? 'up' : 'down' });
  };
  const remove = (index: number) => {
    const next = form.steps[index + 1] ?? form.steps[index - 1];
    set(
      'steps',
      form.steps.filter((_, i) => i !== index),
    );
    setFocusAfter(next ? { id: next.id, control: 'remove' } : { id: 'add', control: '' });
  };
  const add = () => {
    const last = form.steps.at(-1);
    const added = row({ afterSec: last ? Number(last.afterSec) + 30 || 0 : 0 });
    set('steps', [...form.steps, added]);
    setFocusAfter({ id: added.id, control: 'afterSec' });
  };

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      topic ? api<TopicAdminView>(`/api/admin/topics/${encodeURIComponent(topic.key)}`, { method: 'PATCH', body }) : api<TopicAdminView>('/api/admin/topics', { method: 'POST', body }),
    onSuccess: (saved) => {
      // The list shows the saved topic at once, then re-reads all of them.
      queries.setQueryData<TopicAdminView[]>(ADMIN_KEYS.topics, (list) => (list ? (topic ? list.map((x) => (x.key === saved.key ? saved : x)) : [...list, saved]) : list));
      refresh('topics');
      onDone(topic ? `${name(saved)}: ${t('topicEditor.saved')}` : `${t('topicEditor.created', { name: name(saved) })} ${t('topicEditor.saved')}`);
    },
    // The refusal is next to the save button; the focus goes there so it is read and seen.
    onError: () => requestAnimationFrame(() => problem.current?.focus()),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const body = bodyOf(form, topic);
    if (topic && Object.keys(body).length === 0) {
      save.reset();
      setNotice(t('topicEditor.nothingChanged'));
      return;
    }
    save.mutate(body);
  };

  const kinds = [SkillKind.Topic, SkillKind.General, SkillKind.Language] as const;
  const stepHeader = (id: string) => `steps-col-${id}`;
  return (
    <section className="panel topic-editor" aria-labelledby="topic-editor-heading">
      <div className="row spread">
        <h2 id="topic-editor-heading" ref={heading} tabIndex={-1}>
          {topic ? t('topicEditor.editHeading', { name: name(topic) }) : t('topicEditor.createHeading')}
        </h2>
        <button type="button" onClick={() => onDone(null)}>
          {t('topicEditor.back')}
        </button>
      </div>
      <form onSubmit={submit} noValidate data-testid="topic-form">
        <fieldset>
          <legend>{t('topicEditor.names')}</legend>
          {!topic && (
            <>
              <label htmlFor="topic-key">{t('topicEditor.key')}</label>
              <input id="topic-key" value={form.key} onChange={(e) => set('key', e.target.value)} aria-describedby="topic-key-help" autoComplete="off" spellCheck={false} />
              <p id="topic-key-help" className="muted small">
                {t('topicEditor.keyHelp')}
              </p>
            </>
          )}
          <div className="field-pair">
            <div>
              <label htmlFor="topic-name-nb">{t('topicEditor.nameNb')}</label>
              <input id="topic-name-nb" lang="nb" value={form.nameNb} onChange={(e) => set('nameNb', e.target.value)} />
            </div>
            <div>
              <label htmlFor="topic-name-en">{t('topicEditor.nameEn')}</label>
              <input id="topic-name-en" lang="en" value={form.nameEn} onChange={(e) => set('nameEn', e.target.value)} />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('topicEditor.requirement')}</legend>
          <div className="field-row">
            <div>
              <label htmlFor="topic-skill">{t('topicEditor.skill')}</label>
              <select id="topic-skill" value={form.skillKey} onChange={(e) => set('skillKey', e.target.value)}>
                {!form.skillKey && <option value="">–</option>}
                {kinds.map((kind) => (
                  <optgroup key={kind} label={t(`skills.kinds.${kind}`)}>
                    {skills
                      .filter((skill) => skill.kind === kind)
                      .map((skill) => (
                        <option key={skill.key} value={skill.key}>
                          {name(skill)} ({skill.key})
                        </option>
                      ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="topic-min-proficiency">{t('topicEditor.minProficiency')}</label>
              <select id="topic-min-proficiency" value={form.minProficiency} onChange={(e) => set('minProficiency', e.target.value)}>
                {LEVELS.map((level) => (
                  <option key={level}>{level}</option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="topic-priority">{t('topicEditor.priority')}</label>
              <input id="topic-priority" type="number" inputMode="numeric" min={-100} max={100} className="short" value={form.priority} onChange={(e) => set('priority', e.target.value)} />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('topicEditor.targets')}</legend>
          <div className="field-row">
            <div>
              <label htmlFor="topic-sl-pct">{t('topicEditor.serviceLevelTargetPct')}</label>
              <input
                id="topic-sl-pct"
                type="number"
                inputMode="numeric"
                min={1}
                max={100}
                className="short"
                value={form.serviceLevelTargetPct}
                onChange={(e) => set('serviceLevelTargetPct', e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="topic-sl-sec">{t('topicEditor.serviceLevelThresholdSec')}</label>
              <input
                id="topic-sl-sec"
                type="number"
                inputMode="numeric"
                min={1}
                max={600}
                className="short"
                value={form.serviceLevelThresholdSec}
                onChange={(e) => set('serviceLevelThresholdSec', e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="topic-callback">{t('topicEditor.callbackTargetMin')}</label>
              <input
                id="topic-callback"
                type="number"
                inputMode="numeric"
                min={1}
                max={10080}
                className="short"
                value={form.callbackTargetMin}
                onChange={(e) => set('callbackTargetMin', e.target.value)}
              />
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('topicEditor.strategy')}</legend>
          <div className="strategy-choices">
            {STRATEGIES.map((strategy) => (
              <div key={strategy} className="strategy-choice">
                <label className="choice">
                  <input type="radio" name="strategy" value={strategy} checked={form.strategy === strategy} onChange={() => set('strategy', strategy)} aria-describedby={`strategy-help-${strategy}`} />
                  {t(`strategies.${strategy}`)}
                </label>
                <p id={`strategy-help-${strategy}`} className="muted small">
                  {t(`strategyHelp.${strategy}`)}
                </p>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('topicEditor.steps')}</legend>
          <p className="muted small" id="steps-help">
            {t('topicEditor.stepsHelp')}
          </p>
          {form.steps.length === 0 ? (
            <p>{t('topicEditor.stepsEmpty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="steps-table" aria-describedby="steps-help" data-testid="steps-table">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t('topics.steps')}</span>
                    </th>
                    <th scope="col" id={stepHeader('after')}>
                      {t('topicEditor.afterSec')}
                    </th>
                    <th scope="col" id={stepHeader('level')}>
                      {t('topicEditor.stepMinProficiency')}
                    </th>
                    <th scope="col" id={stepHeader('generalists')}>
                      {t('topicEditor.includeGeneralists')}
                    </th>
                    <th scope="col" id={stepHeader('callback')}>
                      {t('topicEditor.offerCallback')}
                    </th>
                    <th scope="col">{t('topicEditor.actions')}</th>
                  </tr>
                </thead>
                <tbody ref={stepsTable}>
                  {form.steps.map((step, index) => {
                    const n = index + 1;
                    const rowHeader = `step-row-${step.id}`;
                    const labelled = (column: string) => `${rowHeader} ${stepHeader(column)}`;
                    return (
                      <tr key={step.id} data-step={step.id}>
                        <th scope="row" id={rowHeader}>
                          {t('topicEditor.step', { n })}
                        </th>
                        <td>
                          <input
                            type="number"
                            inputMode="numeric"
                            min={0}
                            max={3600}
                            className="short"
                            data-control="afterSec"
                            aria-labelledby={labelled('after')}
                            value={step.afterSec}
                            onChange={(e) => setStep(step.id, { afterSec: e.target.value })}
                          />
                        </td>
                        <td>
                          <select data-control="level" aria-labelledby={labelled('level')} value={step.minProficiency} onChange={(e) => setStep(step.id, { minProficiency: e.target.value })}>
                            <option value="">{t('topicEditor.unchanged')}</option>
                            {LEVELS.map((level) => (
                              <option key={level} value={level}>
                                ≥ {level}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <input
                            type="checkbox"
                            data-control="generalists"
                            aria-labelledby={labelled('generalists')}
                            checked={step.includeGeneralists === true}
                            onChange={(e) => setStep(step.id, { includeGeneralists: e.target.checked ? true : undefined })}
                          />
                        </td>
                        <td>
                          <input
                            type="checkbox"
                            data-control="callback"
                            aria-labelledby={labelled('callback')}
                            checked={step.offerCallback === true}
                            onChange={(e) => setStep(step.id, { offerCallback: e.target.checked ? true : undefined })}
                          />
                        </td>
                        <td className="step-actions">
                          <button type="button" className="small" data-control="up" disabled={index === 0} aria-label={t('topicEditor.moveUp', { n })} onClick={() => move(index, -1)}>
                            ↑
                          </button>
                          <button
                            type="button"
                            className="small"
                            data-control="down"
                            disabled={index === form.steps.length - 1}
                            aria-label={t('topicEditor.moveDown', { n })}
                            onClick={() => move(index, 1)}
                          >
                            ↓
                          </button>
                          <button type="button" className="small danger" data-control="remove" aria-label={t('topicEditor.remove', { n })} onClick={() => remove(index)}>
                            ✕
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <button type="button" id="add-step" onClick={add}>
            {t('topicEditor.addStep')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('topicEditor.guidance')}</legend>
          <label htmlFor="topic-guidance-nb">{t('topicEditor.guidanceNb')}</label>
          <textarea id="topic-guidance-nb" lang="nb" rows={3} value={form.closingGuidanceNb} onChange={(e) => set('closingGuidanceNb', e.target.value)} />
          <label htmlFor="topic-guidance-en">{t('topicEditor.guidanceEn')}</label>
          <textarea id="topic-guidance-en" lang="en" rows={3} value={form.closingGuidanceEn} onChange={(e) => set('closingGuidanceEn', e.target.value)} />
        </fieldset>

        <label className="choice">
          <input type="checkbox" checked={form.active} onChange={(e) => set('active', e.target.checked)} /> {t('topicEditor.active')}
        </label>

        <ApiProblem error={save.error} ref={problem} />
        <p className="muted small" id="next-round">
          {t('nextRound')}
        </p>
        <div className="row">
          <button type="submit" className="primary" disabled={save.isPending} aria-describedby="next-round">
            {topic ? t('topicEditor.save') : t('topicEditor.create')}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {common('cancel')}
          </button>
        </div>
        <p role="status" className="muted">
          {notice}
        </p>
      </form>
    </section>
  );
}
