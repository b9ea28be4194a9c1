// What the window knows about the app itself: name, version, worker threads.
import type { AppInfo } from '../../../../shared/contract'
import { errorMessage } from '../format'

class AppState {
  info = $state<AppInfo | null>(null)
  error = $state<string | null>(null)

  async load(): Promise<void> {
    try {
      this.info = await window.api.app.info()
    } catch (error) {
      this.error = errorMessage(error)
    }
  }
}

export const appState = new AppState()
