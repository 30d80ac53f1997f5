import { useTopics } from './use-topics';

/** A labelled choice of one topic, or any ('' is "any topic"), named in the current language. */
export function TopicSelect({ id, label, anyLabel, value, onChange }: { id: string; label: string; anyLabel: string; value: string; onChange: (topicKey: string) => void }) {
  const { topics, nameOf } = useTopics();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {topics.map((topic) => (
          <option key={topic.key} value={topic.key}>
            {nameOf(topic.key)}
          </option>
        ))}
      </select>
    </>
  );
}
