import { randomBytes } from 'node:crypto';

/** The body of a Graph API error, as Meta answers it. */
export interface MetaErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

const fbtraceId = (): string => randomBytes(12).toString('base64url');

/** 401: the bearer token is missing or wrong. */
export const invalidTokenError = (): MetaErrorBody => ({
  error: {
    message: 'Invalid OAuth access token - Cannot parse access token',
    type: 'OAuthException',
    code: 190,
    fbtrace_id: fbtraceId(),
  },
});

/** 400: the request body does not have the shape of a message. */
export const invalidParameterError = (details: string): MetaErrorBody => ({
  error: {
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details },
    fbtrace_id: fbtraceId(),
  },
});

/** 400: the `invalid` fate. */
export const recipientNotAllowedError = (): MetaErrorBody => ({
  error: {
    message: '(#131030) Recipient phone number not in allowed list',
    type: 'OAuthException',
    code: 131030,
    error_data: {
      messaging_product: 'whatsapp',
      details:
        'Recipient phone number not in allowed list: Add recipient phone number to recipient list and try again.',
    },
    fbtrace_id: fbtraceId(),
  },
});

/** 500: the `flaky` and `down` fates. */
export const somethingWentWrongError = (): MetaErrorBody => ({
  error: {
    message: '(#131000) Something went wrong',
    type: 'OAuthException',
    code: 131000,
    is_transient: true,
    error_data: { messaging_product: 'whatsapp', details: 'Something went wrong' },
    fbtrace_id: fbtraceId(),
  },
});
