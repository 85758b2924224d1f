// the pure rules' files share their worker process: each starts from the same environment and clock
import { startPureTestFile } from './helpers/environment'

startPureTestFile()
