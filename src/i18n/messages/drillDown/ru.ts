import { plural } from '../../plural'
import type { DrillDownMessages } from './en'

export const drillDownRu: DrillDownMessages = {
  heading: 'Время работы камер',
  lineSummary: ({ cameras, cameraDays }) =>
    plural('ru', cameras, {
      one: `${cameras} интервал работы камер; камеро-дни: ${cameraDays}`,
      few: `${cameras} интервала работы камер; камеро-дни: ${cameraDays}`,
      many: `${cameras} интервалов работы камер; камеро-дни: ${cameraDays}`,
      other: `${cameras} интервала работы камер; камеро-дни: ${cameraDays}`,
    }),
  caption: ({ line }) => `Время работы камер, выставленное в строке «${line}»`,
  columns: {
    camera: 'Камера',
    title: 'Название',
    from: 'С',
    to: 'По',
    cameraDays: 'Камеро-дни',
    amount: 'Доля суммы',
  },
  noIntervals: 'За этой строкой нет времени работы камер.',
  issuedNote:
    'Как было выставлено при выпуске счёта: последующие исправления учёта камер его не меняют.',
  draftNote: 'Рассчитано по текущему учёту камер: может измениться до выпуска счёта.',
  sharesNote:
    'Доля каждого интервала — сумма строки, разделённая пропорционально времени работы камер; остаток от округления достаётся наибольшим дробным частям, поэтому доли в точности складываются в сумму строки.',
  titlesUnavailable:
    'Сейчас не удалось получить названия камер из Watcher: камеры показаны по их обозначениям.',
  downloadCsv: 'Скачать в CSV',
  loading: 'Загрузка времени работы камер…',
  loadFailed: 'Не удалось загрузить время работы камер.',
}
