import type pg from 'pg'
import type { Sql } from './transaction'

/** The rows of a query, typed by the caller (the query names its columns; the store names the query). */
export async function rows<Row extends pg.QueryResultRow>(
  sql: Sql,
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  return (await sql.query<Row>(text, params)).rows
}

/** The first row of a query, or undefined. */
export async function firstRow<Row extends pg.QueryResultRow>(
  sql: Sql,
  text: string,
  params: unknown[] = [],
): Promise<Row | undefined> {
  return (await sql.query<Row>(text, params)).rows[0]
}

/** The `id` column of every row, as numbers (pg answers bigint and numeric columns as text). */
export async function ids(sql: Sql, text: string, params: unknown[] = []): Promise<number[]> {
  return (await sql.query<{ id: number | string }>(text, params)).rows.map((row) => Number(row.id))
}

/** How many rows a statement touched. */
export async function affected(sql: Sql, text: string, params: unknown[] = []): Promise<number> {
  return (await sql.query(text, params)).rowCount ?? 0
}
