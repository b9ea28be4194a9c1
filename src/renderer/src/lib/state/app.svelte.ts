// What the window knows about the app itself: name, version, worker threads, desktop or browser.
import type { AppInfo } from '../../../../shared/contract'
import { api } from '../api'
import { errorMessage } from '../format'

class AppState {
  info = $state<AppInfo | null>(null)
  error = $state<string | null>(null)

  async load(): Promise<AppInfo | null> {
    try {
      this.info = await api.app.info()
    } catch (error) {
      this.error = errorMessage(error)
    }
    return this.info
  }

  dismissError(): void {
    this.error = null
  }
}

export const appState = new AppState()
