/** Twilio's REST error body. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export const twilioError = (status: number, code: number, message: string): TwilioErrorBody => ({
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
  status,
});

export const authenticateError = (): TwilioErrorBody => twilioError(401, 20003, 'Authenticate');
export const invalidToError = (to: string): TwilioErrorBody =>
  twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
export const internalError = (): TwilioErrorBody => twilioError(500, 20500, 'An internal server error has occurred');
export const notFoundError = (path: string): TwilioErrorBody =>
  twilioError(404, 20404, `The requested resource ${path} was not found`);
