import { renderTemplate } from './render-template';

describe('renderTemplate', () => {
  it('fills code, brand and minutes, escaping them in HTML only', () => {
    const rendered = renderTemplate(
      {
        locale: 'en',
        text: '{code} for {brand}, {minutes} min',
        subject: '{brand} code',
        html: '<b>{code}</b> {brand}',
      },
      { code: '123456', brand: 'A&B <Co>', minutes: 5 },
    );
    expect(rendered).toEqual({
      text: '123456 for A&B <Co>, 5 min',
      subject: 'A&B <Co> code',
      html: '<b>123456</b> A&amp;B &lt;Co&gt;',
    });
  });
});
