/**
 * The drillDown section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with DrillDownMessages.
 */
import { plural } from '../../plural'

export const drillDownEn = {
  heading: 'Camera time',
  lineSummary: ({ cameras, cameraDays }: { cameras: number; cameraDays: string }) =>
    plural('en', cameras, {
      one: `${cameras} camera interval, ${cameraDays} camera-days`,
      other: `${cameras} camera intervals, ${cameraDays} camera-days`,
    }),
  caption: ({ line }: { line: string }) => `Camera time billed on the line “${line}”`,
  columns: {
    camera: 'Camera',
    title: 'Name',
    from: 'From',
    to: 'To',
    cameraDays: 'Camera-days',
    amount: 'Share of the amount',
  },
  noIntervals: 'No camera time behind this line.',
  issuedNote:
    'As billed when the invoice was issued: later corrections of camera usage do not change it.',
  draftNote: 'Computed from camera usage as it is now: it may change until the invoice is issued.',
  sharesNote:
    'Each interval’s share is the line’s amount split by camera time; the rounding remainder goes to the largest fractions, so the shares add up to the line exactly.',
  titlesUnavailable:
    'Camera names could not be read from Watcher just now: the cameras are shown by their references.',
  downloadCsv: 'Download as CSV',
  loading: 'Loading camera time…',
  loadFailed: 'The camera time could not be loaded.',
}

export type DrillDownMessages = typeof drillDownEn
