/** PAYLOAD_SECRET rotation: the re-seal step (README, "Rotating PAYLOAD_SECRET"). */
export { rotateSecrets, type RotateSecretsOptions, type RotationReport } from './rotate'
