import { SecretMasker } from '../helpers/workflow-mask.js';

test('the emulator masks secrets from the start and add-mask values from their command on, not before', () => {
  const masker = new SecretMasker(['ghs_runner']);
  expect(masker.line('token ghs_runner')).toBe('token ***');
  expect(masker.line('early app-token-123')).toBe('early app-token-123');
  expect(masker.line('::add-mask::app-token-123')).toBe('::add-mask::***');
  expect(masker.line('late app-token-123 and app-token-1234')).toBe('late *** and ***4');
  expect(masker.line('::add-mask::   ')).toBe('::add-mask::***');
  expect(masker.added).toEqual(['app-token-123']);
  expect(masker.mask('summary: app-token-123')).toBe('summary: ***');
});

test('a longer secret holding a shorter one is hidden whole', () => {
  const masker = new SecretMasker(['abc']);
  masker.line('::add-mask::xxabcxx');
  expect(masker.mask('xxabcxx abc')).toBe('*** ***');
});
