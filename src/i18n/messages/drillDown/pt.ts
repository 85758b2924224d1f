import { plural } from '../../plural'
import type { DrillDownMessages } from './en'

export const drillDownPt: DrillDownMessages = {
  heading: 'Tempo das câmeras',
  lineSummary: ({ cameras, cameraDays }) =>
    plural('pt', cameras, {
      one: `${cameras} intervalo de câmera, ${cameraDays} câmera-dias`,
      other: `${cameras} intervalos de câmera, ${cameraDays} câmera-dias`,
    }),
  caption: ({ line }) => `Tempo das câmeras faturado na linha “${line}”`,
  columns: {
    camera: 'Câmera',
    title: 'Nome',
    from: 'De',
    to: 'Até',
    cameraDays: 'Câmera-dias',
    amount: 'Parte do valor',
  },
  noIntervals: 'Esta linha não tem tempo de câmeras.',
  issuedNote:
    'Como foi faturado na emissão da fatura: correções posteriores do uso das câmeras não o alteram.',
  draftNote: 'Calculado com o uso atual das câmeras: pode mudar até a fatura ser emitida.',
  sharesNote:
    'A parte de cada intervalo é o valor da linha dividido pelo tempo de câmera; o resto do arredondamento vai para as maiores frações, de modo que as partes somam exatamente o valor da linha.',
  titlesUnavailable:
    'Não foi possível ler agora os nomes das câmeras no Watcher: as câmeras aparecem pelas suas referências.',
  downloadCsv: 'Baixar em CSV',
  loading: 'Carregando o tempo das câmeras…',
  loadFailed: 'Não foi possível carregar o tempo das câmeras.',
}
