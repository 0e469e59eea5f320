// Jest snapshot serializer: normalizes asset hashes in any string a snapshot holds,
// as a net under templateForSnapshot (which tests should use).
const HASH = /[0-9a-f]{64}/;
module.exports = {
  test: (value) => typeof value === 'string' && HASH.test(value),
  print: (value, serialize) => serialize(value.replace(new RegExp(HASH.source, 'g'), '<asset-hash>')),
};
