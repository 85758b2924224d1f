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

/** aria-invalid on an input, described by the form's error, while the form shows one. */
export function describedByError(error: string | undefined, errorId: string) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {}
}
