import type { InputHTMLAttributes, ReactNode } from 'react'

interface LabelledFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string
  label: ReactNode
  /** Shown under the input, which is described by it (`<id>-hint`). */
  hint?: ReactNode
}

/** A portal form's input with its label and, when given, the hint that describes it. */
export function LabelledField({ id, label, hint, ...input }: LabelledFieldProps) {
  const hintId = `${id}-hint`
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? hintId : undefined} {...input} />
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  )
}
