import { useId } from 'react';

interface Props {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}

/** A native date-and-time input; the value is a Helsinki wall-clock time ("2026-03-29T09:00"). */
export function DateTimeField({ id, label, hint, value, onChange, error }: Props) {
  const hintId = useId();
  const errorId = useId();
  return (
    <div className={`native-field ${error ? 'native-field--error' : ''}`}>
      <label htmlFor={id} className="native-field__label">
        {label}
      </label>
      <span id={hintId} className="native-field__hint">
        {hint}
      </span>
      <input
        id={id}
        type="datetime-local"
        className="native-field__input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <span id={errorId} className="native-field__error">
          {error}
        </span>
      ) : null}
    </div>
  );
}
