import { plural } from '../../plural'
import type { DrillDownMessages } from './en'

export const drillDownEs: DrillDownMessages = {
  heading: 'Tiempo de cámaras',
  lineSummary: ({ cameras, cameraDays }) =>
    plural('es', cameras, {
      one: `${cameras} intervalo de cámara, ${cameraDays} días-cámara`,
      other: `${cameras} intervalos de cámara, ${cameraDays} días-cámara`,
    }),
  caption: ({ line }) => `Tiempo de cámaras facturado en la línea «${line}»`,
  columns: {
    camera: 'Cámara',
    title: 'Nombre',
    from: 'Desde',
    to: 'Hasta',
    cameraDays: 'Días-cámara',
    amount: 'Parte del importe',
  },
  noIntervals: 'Esta línea no tiene tiempo de cámaras.',
  issuedNote:
    'Tal como se facturó al emitir la factura: las correcciones posteriores del uso de cámaras no lo modifican.',
  draftNote: 'Calculado con el uso de cámaras actual: puede cambiar hasta que se emita la factura.',
  sharesNote:
    'La parte de cada intervalo es el importe de la línea repartido según el tiempo de cámara; el resto del redondeo va a las fracciones mayores, de modo que las partes suman exactamente el importe de la línea.',
  titlesUnavailable:
    'No se pudieron leer ahora los nombres de las cámaras desde Watcher: las cámaras se muestran por sus referencias.',
  downloadCsv: 'Descargar en CSV',
  loading: 'Cargando el tiempo de cámaras…',
  loadFailed: 'No se pudo cargar el tiempo de cámaras.',
}
