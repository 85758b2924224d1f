/** A form's error, announced to screen readers. */
export function FormError({ id, message }: { id: string; message?: string }) {
  if (!message) return null
  return (
    <div className="error" role="alert" id={id}>
      {message}
    </div>
  )
}

/** aria-invalid on the input the error names. */
export function invalid(state: { field?: string }, field: string) {
  return state.field === field ? { 'aria-invalid': true as const } : {}
}
