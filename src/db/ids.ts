/** Ids are Postgres `integer`s: a larger number names no row (and would make the query fail with a 500). */
export const MAX_ROW_ID = 2_147_483_647

export const isRowId = (id: number): boolean =>
  Number.isSafeInteger(id) && id >= 1 && id <= MAX_ROW_ID
