// VS Code workbench internals the UI tests rely on, kept in one place (they change between releases).
export const selectors = {
  activityBar: '.part.activitybar',
  activityBarItem: (label: string) => `.part.activitybar .action-item a[aria-label^="${label}"]`,
  sidebar: '.part.sidebar',
  sidebarTitle: '.part.sidebar .composite.title',
  sidebarRows: '.part.sidebar .monaco-list-row',
  welcomeView: '.part.sidebar .welcome-view-content',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget input',
  quickInputTitle: '.quick-input-widget .quick-input-title',
  quickInputMessage: '.quick-input-widget .quick-input-message',
  quickInputRows: '.quick-input-list .monaco-list-row',
  notification: '.notifications-center .notification-list-item-message',
  squiggleError: '.squiggly-error',
  squiggleWarning: '.squiggly-warning',
} as const;
