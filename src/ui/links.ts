/** Flickr pages the popup and options page link to. */
export const FLICKR_UPLOADER_URL = 'https://www.flickr.com/photos/upload/';
export const FLICKR_ACCOUNT_URL = 'https://www.flickr.com/account';
/** "Apps you're using": where a user revokes this extension's access. */
export const FLICKR_APPS_URL = 'https://www.flickr.com/services/auth/list.gne';
export const FLICKR_CREATE_KEY_URL = 'https://www.flickr.com/services/apps/create/';
