// A small MessagePack decoder, enough for the Datadog Agent's trace intake (no new packages).
// Type fidelity matters more than speed here, because the stand-in checks field types:
// 64-bit integers (0xcf, 0xd3) decode to BigInt, so a uint64 span id keeps every bit;
// narrower integers and floats decode to numbers; bin decodes to a Uint8Array; map keys must be
// strings (the intake never sends others) and maps decode to prototype-less objects.
// Anything else (ext types, truncation, trailing bytes) throws a MsgpackError.

export class MsgpackError extends Error {
  name = 'MsgpackError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes exactly one MessagePack value that fills `bytes` (a Uint8Array or Buffer). */
export function decodeMsgpack(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;

  const need = (count) => {
    if (offset + count > bytes.length) throw new MsgpackError(`truncated at byte ${offset}: ${count} more expected`);
    const at = offset;
    offset += count;
    return at;
  };
  const u8 = () => view.getUint8(need(1));
  const u16 = () => view.getUint16(need(2));
  const u32 = () => view.getUint32(need(4));
  const str = (length) => {
    const at = need(length);
    try {
      return utf8.decode(bytes.subarray(at, at + length));
    } catch {
      throw new MsgpackError(`invalid UTF-8 in the string at byte ${at}`);
    }
  };
  const bin = (length) => {
    const at = need(length);
    return bytes.slice(at, at + length);
  };
  const array = (length) => {
    const items = [];
    for (let i = 0; i < length; i++) items.push(value());
    return items;
  };
  const map = (length) => {
    const entries = Object.create(null);
    for (let i = 0; i < length; i++) {
      const at = offset;
      const key = value();
      if (typeof key !== 'string') throw new MsgpackError(`map key at byte ${at} is a ${typeof key}, not a string`);
      entries[key] = value();
    }
    return entries;
  };

  function value() {
    const at = offset;
    const type = u8();
    if (type <= 0x7f) return type;
    if (type >= 0xe0) return type - 0x100;
    if ((type & 0xf0) === 0x80) return map(type & 0x0f);
    if ((type & 0xf0) === 0x90) return array(type & 0x0f);
    if ((type & 0xe0) === 0xa0) return str(type & 0x1f);
    switch (type) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: return bin(u8());
      case 0xc5: return bin(u16());
      case 0xc6: return bin(u32());
      case 0xca: return view.getFloat32(need(4));
      case 0xcb: return view.getFloat64(need(8));
      case 0xcc: return u8();
      case 0xcd: return u16();
      case 0xce: return u32();
      case 0xcf: return view.getBigUint64(need(8));
      case 0xd0: return view.getInt8(need(1));
      case 0xd1: return view.getInt16(need(2));
      case 0xd2: return view.getInt32(need(4));
      case 0xd3: return view.getBigInt64(need(8));
      case 0xd9: return str(u8());
      case 0xda: return str(u16());
      case 0xdb: return str(u32());
      case 0xdc: return array(u16());
      case 0xdd: return array(u32());
      case 0xde: return map(u16());
      case 0xdf: return map(u32());
      default:
        throw new MsgpackError(`unsupported type byte 0x${type.toString(16)} at byte ${at}`);
    }
  }

  const result = value();
  if (offset !== bytes.length) throw new MsgpackError(`${bytes.length - offset} trailing bytes after the value`);
  return result;
}
