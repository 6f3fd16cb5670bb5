import { fileNameFromContentDisposition } from './contentDisposition';

describe('fileNameFromContentDisposition', () => {
  test.each([
    [`attachment; filename="a.zip"; filename*=UTF-8''%C3%A9t%C3%A9.zip`, 'été.zip'],
    [`attachment; filename*=UTF-8''%E6%97%A5%E6%9C%AC.zip; filename="x.zip"`, '日本.zip'],
    [`attachment; filename="plain name.zip"`, 'plain name.zip'],
    [`attachment; filename=token.zip`, 'token.zip'],
    [`attachment; filename="with \\"quotes\\" and ; semi.zip"`, 'with "quotes" and ; semi.zip'],
    [`attachment; FILENAME*=utf-8'en'a%20b.zip`, 'a b.zip'],
    [`attachment; filename*=iso-8859-1''%E9t%E9.zip`, 'été.zip'],
    [`attachment; filename*=UTF-8''%E0%A4%A; filename="fallback.zip"`, 'fallback.zip'],
    [`attachment; filename*=koi8-r''%C1; filename="fallback.zip"`, 'fallback.zip'],
    [`attachment`, undefined],
    [``, undefined],
    [`inline; filename=""`, undefined],
  ])('%s', (header, expected) => {
    expect(fileNameFromContentDisposition(header)).toBe(expected);
  });

  test('null and undefined', () => {
    expect(fileNameFromContentDisposition(null)).toBeUndefined();
    expect(fileNameFromContentDisposition(undefined)).toBeUndefined();
  });
});
