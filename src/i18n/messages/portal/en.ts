/**
 * The portal section of the English catalogue (see ../en.ts): the source of its keys; the other
 * languages' files are typed with PortalMessages.
 */
import { plural } from '../../plural'

export const portalEn = {
  titles: {
    portal: 'Subscriber portal',
    signIn: 'Sign in',
    forgotPassword: 'Forgotten password',
    resetPassword: 'Choose a new password',
    dashboard: 'Dashboard',
    organization: 'Organization',
    invoices: 'Invoices',
    invoice: 'Invoice',
    users: 'Users',
    member: 'Member',
    notFound: 'Not found',
  },
  skipToContent: 'Skip to content',
  header: {
    home: 'subscriber portal home',
    navigation: 'Portal',
    dashboard: 'Dashboard',
    invoices: 'Invoices',
    users: 'Users',
    openWatcher: 'Open Watcher',
    opensInNewTab: '(opens in a new tab)',
    signedInAs: 'Signed in as',
    signOut: 'Sign out',
  },
  statuses: {
    draft: 'Draft',
    issued: 'Issued',
    paid: 'Paid',
    void: 'Void',
  },
  permissions: {
    canViewStreams: 'View streams',
    canEditStreams: 'Edit streams',
    canEditUsers: 'Manage users',
    canViewStats: 'View statistics',
  },
  fields: {
    email: 'E-mail',
    emailOrLogin: 'E-mail or Watcher login',
    password: 'Password',
    newPassword: 'New password',
    confirmPassword: 'Confirm password',
    login: 'Login',
    name: 'Name',
    passwordHint: ({ min }: { min: number }) => `At least ${min} characters.`,
    loginHint: 'Also the Watcher login: letters, digits and . _ - @',
  },
  login: {
    heading: 'Sign in to the subscriber portal',
    passwordChanged:
      'Your password has been changed. Sign in with the new one (Watcher takes it within a minute).',
    intro: 'Use the e-mail and password of your Watcher Billing account.',
    submit: 'Sign in',
    submitting: 'Signing in…',
    forgot: 'Forgot your password?',
  },
  forgot: {
    intro:
      'Enter the e-mail address of your Watcher Billing account. We send a link to choose a new password; it becomes your Watcher password too.',
    sent: ({ email }: { email: string }) =>
      `If an account uses ${email}, an e-mail with a link to choose a new password is on its way. The link works for one hour.`,
    submit: 'Send the link',
    submitting: 'Sending…',
    backToSignIn: 'Back to sign-in',
  },
  reset: {
    intro: 'It is your password for Watcher Billing and for Watcher.',
    needsLink: 'This page needs the link from the e-mail.',
    askNewLink: 'Ask for a new link',
    submit: 'Save the new password',
    submitting: 'Saving…',
  },
  errors: {
    signInMissing: 'Enter your e-mail (or Watcher login) and password.',
    tooManyAttempts: ({ minutes }: { minutes: number }) =>
      `Too many attempts: try again in ${minutes} min.`,
    accountLocked: 'Too many failed attempts: this account is locked for a few minutes.',
    wrongCredentials: 'The e-mail, login or password is incorrect.',
    verifyEmail: 'Verify your e-mail address first.',
    signInUnavailable: 'Signing in is not possible right now. Try again in a moment.',
    signInFailed: 'Signing in failed. Try again.',
    emailMissing: 'Enter the e-mail address of your account.',
    tooManyRequests: ({ minutes }: { minutes: number }) =>
      `Too many requests: try again in ${minutes} min.`,
    passwordTooShort: ({ min }: { min: number }) =>
      `The password needs at least ${min} characters.`,
    newPasswordTooShort: ({ min }: { min: number }) =>
      `The new password needs at least ${min} characters.`,
    passwordsDiffer: 'The two passwords differ: type the same password twice.',
    linkInvalid: 'This link is not valid.',
    linkExpired: 'This link is invalid or has expired, or was used already.',
    passwordNotChanged: 'The password could not be changed right now. Try again in a moment.',
    organizationNotVisible: 'This organization is not one you can see.',
    loginMissing: 'Enter a login.',
    emailAddressMissing: 'Enter an e-mail address.',
    notManageable: 'That user is not a member you can manage.',
    cannotRemoveSelf: 'You cannot remove yourself; another member who manages users can.',
    confirmRemoval: 'Tick the box to confirm the removal.',
    emailNotSent: 'The e-mail could not be sent. Try again in a moment.',
    forbidden: 'You are not allowed to do this.',
    serverError: 'Something went wrong on the server. Try again in a moment.',
  },
  notFound: {
    text: 'There is nothing here, or it belongs to an organization your account cannot see.',
    back: 'Back to the dashboard',
  },
  switcher: {
    label: 'Organizations',
    organization: 'Organization:',
  },
  dashboard: {
    noOrganization:
      'Your account is not a member of any organization yet. Ask your operator to add you.',
    suspended: 'Suspended.',
    billedTo: ({ payer }: { payer: string }) => `Billed to ${payer}.`,
    theParentOrganization: 'the parent organization',
    billingMonth: ({ month, timeZone }: { month: string; timeZone: string }) =>
      `Billing month ${month} in ${timeZone}.`,
    onTrial: ({ day }: { day: string }) => `On trial until ${day}.`,
    manageUsers: ({ organization }: { organization: string }) =>
      `Manage the users of ${organization}`,
    usage: 'Usage',
    camerasNow: 'Cameras now',
    camerasNowCount: ({ count }: { count: number }) =>
      plural('en', count, {
        one: `${count} camera on its subscriptions now.`,
        other: `${count} cameras on its subscriptions now.`,
      }),
    cameraDaysSoFar: ({ month }: { month: string }) => `Camera-days in ${month} so far`,
    costSoFar: 'Cost so far this month',
    estimate: '(estimate)',
    taxIncluded: 'tax included',
    onPayersInvoice: ({ payer }: { payer: string }) => `before tax, on ${payer}’s invoice`,
    theParent: 'the parent',
    noEstimate: 'The prices of this organization cannot be estimated right now; ask your operator.',
    estimateNote: ({ month, asOf }: { month: string; asOf: string }) =>
      `The estimate prices the camera time from the start of ${month} up to ${asOf} with the same rules as the invoice. It is not an invoice: the month’s invoice also counts the camera time from now to the end of the month.`,
    hiddenOrganizations: ({ count }: { count: number }) =>
      plural('en', count, {
        one: `It leaves out ${count} organization billed on the same invoice that your account cannot see.`,
        other: `It leaves out ${count} organizations billed on the same invoice that your account cannot see.`,
      }),
    subscriptions: 'Subscriptions',
    noSubscriptions: 'No subscriptions are available to this organization.',
    subscriptionsCaption: 'Subscriptions, cameras and prices',
    subscription: 'Subscription',
    cameraDaysThisMonth: 'Camera-days this month',
    monthlyPricePerCamera: 'Monthly price per camera',
    noLongerOffered: '(no longer offered)',
    cameraDaysNote:
      'Camera-days are camera time since the start of the month up to now, divided by 24 hours; the invoice for the month is computed from the same usage.',
    latestInvoices: 'Latest invoices',
    billedOnParent: 'This organization’s cameras are billed on its parent’s invoices.',
    allInvoices: 'All invoices',
  },
  invoices: {
    caption: 'Invoices',
    none: 'No invoices yet.',
    invoice: 'Invoice',
    payer: 'Payer',
    period: 'Period',
    status: 'Status',
    total: 'Total',
    amountDue: 'Amount due',
    due: 'Due',
    draftNumber: ({ id }: { id: number }) => `Draft #${id}`,
    pages: 'Invoice pages',
    newer: 'Newer',
    older: 'Older',
    pageOf: ({ page, pages }: { page: number; pages: number }) => `Page ${page} of ${pages}`,
  },
  invoice: {
    title: ({ number }: { number: string }) => `Invoice ${number}`,
    draftTitle: ({ id }: { id: number }) => `Draft invoice #${id}`,
    allInvoices: '← All invoices',
    payer: 'Payer',
    period: 'Period',
    status: 'Status',
    issued: 'Issued',
    due: 'Due',
    paid: 'Paid',
    downloadPdf: 'Download PDF',
    draftNote: 'A draft: amounts may still change until the invoice is issued.',
    lines: 'Lines',
    linesCaption: 'Invoice lines and totals',
    description: 'Description',
    cameraDays: 'Camera-days',
    monthlyPricePerCamera: 'Monthly price per camera',
    amount: 'Amount',
    noLines: 'No lines.',
    subtotal: 'Subtotal',
    tax: 'Tax',
    taxAt: ({ rate }: { rate: string }) => `Tax (${rate})`,
    total: 'Total',
    credited: 'Credited',
    amountDue: 'Amount due',
  },
  users: {
    heading: 'Users',
    cannotManageAny:
      'Your account may not manage the users of any organization. Ask an organization’s administrator for the “Manage users” permission.',
    cannotManage: ({ organization }: { organization: string }) =>
      `Only members allowed to manage users of ${organization} see its users. Ask its administrator for the “Manage users” permission.`,
    backToDashboard: 'Back to the dashboard',
    intro: ({ organization }: { organization: string }) =>
      `Members of ${organization}, with their permissions in Watcher.`,
    userCount: ({ count, limit }: { count: number; limit: number }) =>
      plural('en', limit, {
        one: `${count} of ${limit} user.`,
        other: `${count} of ${limit} users.`,
      }),
    added: ({ login }: { login: string }) =>
      `User ${login} added. It reaches Watcher within a minute.`,
    invited: ({ login }: { login: string }) =>
      `User ${login} invited: an e-mail asks them to choose a password.`,
    unsent: ({ login }: { login: string }) =>
      `User ${login} added, but the invitation e-mail could not be sent: open the user (Edit) and use “Send password e-mail”.`,
    updated: ({ login }: { login: string }) => `Permissions of ${login} saved.`,
    removed: ({ login }: { login: string }) => `${login} removed from the organization.`,
    members: 'Members',
    membersCaption: ({ organization }: { organization: string }) =>
      `Members of ${organization} and their permissions`,
    login: 'Login',
    name: 'Name',
    email: 'E-mail',
    permissions: 'Permissions',
    actions: 'Actions',
    administrator: '(administrator)',
    you: '(you)',
    none: 'None',
    edit: 'Edit',
    addUser: 'Add a user',
    limitReached: ({ limit }: { limit: number }) =>
      plural('en', limit, {
        one: `The organization has reached its limit of ${limit} user: remove a member first, or ask the operator to raise the limit.`,
        other: `The organization has reached its limit of ${limit} users: remove a member first, or ask the operator to raise the limit.`,
      }),
  },
  addMember: {
    password: 'Password',
    invite: 'Send an invitation',
    inviteHint: 'An e-mail lets the user choose their own password.',
    typeNow: 'Type it now',
    typeNowHint: 'You give the password to the user yourself.',
    permissions: 'Permissions',
    submit: 'Add user',
    submitting: 'Adding…',
  },
  member: {
    heading: ({ login }: { login: string }) => `Member ${login}`,
    backToUsers: ({ organization }: { organization: string }) => `← Users of ${organization}`,
    name: 'Name',
    email: 'E-mail',
    organization: 'Organization',
    permissions: 'Permissions',
    administratorHasAll: ({ organization }: { organization: string }) =>
      `The administrator of ${organization} always has every permission; the operator can name another administrator.`,
    permissionsOf: ({ login, organization }: { login: string; organization: string }) =>
      `Permissions of ${login} in ${organization}`,
    savePermissions: 'Save permissions',
    saving: 'Saving…',
    password: 'Password',
    passwordEmailText: ({ email }: { email: string }) =>
      `Sends ${email} a link to choose a new password (for Billing and Watcher). Nobody else learns it.`,
    sendPasswordEmail: 'Send password e-mail',
    sending: 'Sending…',
    passwordEmailSent: ({ email }: { email: string }) =>
      `An e-mail to choose a password is on its way to ${email}.`,
    removeFrom: ({ organization }: { organization: string }) => `Remove from ${organization}`,
    cannotRemoveSelf: 'You cannot remove yourself; another member who manages users can.',
    administratorStays: ({ organization }: { organization: string }) =>
      `The administrator of ${organization} stays a member.`,
    removeText: ({ login, organization }: { login: string; organization: string }) =>
      `${login} loses access to ${organization} in Billing and Watcher. A user left without any organization is deleted.`,
    confirmRemove: ({ login }: { login: string }) => `Yes, remove ${login}`,
    remove: 'Remove from organization',
    removing: 'Removing…',
  },
}

export type PortalMessages = typeof portalEn
