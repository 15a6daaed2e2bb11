// The console's addresses, in one place so that every page links the same way (and the to-do
// list can turn an object into its page).

export const links = {
  home: () => '/',
  catalog: () => '/catalog',
  entry: (resourceId: string) => `/catalog/${resourceId}`,
  requestEntry: (resourceId: string) => `/catalog/${resourceId}/request`,
  editSharingRequestDraft: (resourceId: string, requestId: string) => `/catalog/${resourceId}/request?draft=${requestId}`,
  myEntries: () => '/resources',
  newEntry: () => '/resources/new',
  editEntry: (resourceId: string) => `/resources/${resourceId}/edit`,
  reviewQueue: () => '/review',
  review: (resourceId: string) => `/review/${resourceId}`,
  sharingRequests: () => '/sharing-requests',
  sharingRequest: (requestId: string) => `/sharing-requests/${requestId}`,
  grants: () => '/grants',
  grant: (grantId: string) => `/grants/${grantId}`,
  accessRecords: () => '/access-records',
  overdueDeliveries: () => '/overdue-deliveries',
  projects: () => '/projects',
  project: (projectId: string) => `/projects/${projectId}`,
  certificateVerification: (certificateId: string) => `/verify/certificates/${certificateId}`,
  audit: () => '/audit',
  board: () => '/board',
  adminDepartments: () => '/admin/departments',
  adminUsers: () => '/admin/users',
  adminCategories: () => '/admin/categories',
  adminCalendar: () => '/admin/calendar',
} as const;

/** The console page of a to-do item's object. */
export function pageOfObject(objectType: string, objectId: string, kind?: string): string {
  switch (objectType) {
    case 'resource':
      return kind === 'review_entry'
        ? links.review(objectId)
        : kind === 'fix_returned_entry'
          ? links.editEntry(objectId)
          : links.entry(objectId);
    case 'sharing_request':
      return links.sharingRequest(objectId);
    case 'grant':
    case 'delivery_stream':
      return links.grant(objectId);
    case 'project':
      return links.project(objectId);
    default:
      return links.home();
  }
}
