import MailComposer from 'nodemailer/lib/mail-composer';
import { decodeEncodedWords, htmlToText, parseMail } from './mime-parser';

const compose = (mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> =>
  new MailComposer(mail).compile().build();

describe('parseMail', () => {
  it('reads subject, text and html of a multipart/alternative mail from nodemailer', async () => {
    const source = await compose({
      from: '"Tessera" <no-reply@tessera.test>',
      to: 'ada@example.test',
      subject: 'Votre code de vérification ✓',
      text: `Votre code est 482913.\n${'Ligne longue à couper '.repeat(8)}`,
      html: '<p>Votre code est <b>482913</b> — à bientôt</p>',
    });
    const mail = parseMail(source);
    expect(mail.subject).toBe('Votre code de vérification ✓');
    expect(mail.from).toBe('Tessera <no-reply@tessera.test>');
    expect(mail.text).toBe(`Votre code est 482913.\n${'Ligne longue à couper '.repeat(8)}`.replace(/\n/g, '\r\n'));
    expect(mail.html).toBe('<p>Votre code est <b>482913</b> — à bientôt</p>');
    expect(mail.messageId).toMatch(/^<.+@.+>$/);
  });

  it('reads a base64 text part', async () => {
    const source = await compose({ to: 'a@x.test', subject: 's', text: 'Код: 5521', textEncoding: 'base64' });
    expect(parseMail(source).text).toBe('Код: 5521');
  });

  it('reads a single-part plain mail and skips attachments', async () => {
    const source = await compose({
      to: 'a@x.test',
      subject: 'plain',
      text: 'Code 1234',
      attachments: [{ filename: 'a.txt', content: 'not the body' }],
    });
    const mail = parseMail(source);
    expect(mail.text).toBe('Code 1234');
    expect(parseMail('Subject: hi\r\n\r\nhello\r\n').text).toBe('hello\r\n');
  });

  it('leaves text undefined for an html-only mail', async () => {
    const mail = parseMail(await compose({ to: 'a@x.test', html: '<div>Code <i>9876</i></div>' }));
    expect(mail.text).toBeUndefined();
    expect(htmlToText(mail.html ?? '')).toBe('Code 9876');
  });
});

describe('decodeEncodedWords', () => {
  it('decodes B and Q words and drops the whitespace between adjacent words', () => {
    expect(decodeEncodedWords('=?UTF-8?B?Q8OzZGlnbw==?= =?UTF-8?Q?_=E2=9C=93?= done')).toBe('Código ✓ done');
    expect(decodeEncodedWords('plain')).toBe('plain');
  });
});
