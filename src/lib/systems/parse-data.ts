/**
 * nixpkgs' lib.systems.parse tables: CPU types, vendors, kernels and ABIs
 * (and the exec formats, byte orders and kernel families they use),
 * each record whole (its significant byte, exec format and families inlined).
 * This is data derived from nixpkgs' lib/systems, which is MIT-licensed
 * ("Copyright (c) 2003-2026 Eelco Dolstra and the Nixpkgs/NixOS
 * contributors"; the MIT licence permits copying it with this notice).
 * Made by evaluating nixpkgs' lib.systems and writing its values as JSON
 * (functions, such as the ABIs' assertions, left out).
 */
import type { Json } from "./json.ts";

export const CPU_TYPES: Readonly<Record<string, Json>> = {
  "aarch64": {"_type":"cpu-type","arch":"armv8-a","bits":64,"family":"arm","name":"aarch64","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"8"},
  "aarch64_be": {"_type":"cpu-type","arch":"armv8-a","bits":64,"family":"arm","name":"aarch64_be","significantByte":{"_type":"significant-byte","name":"bigEndian"},"version":"8"},
  "alpha": {"_type":"cpu-type","bits":64,"family":"alpha","name":"alpha","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "arc": {"_type":"cpu-type","bits":32,"family":"arc","name":"arc","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "arm": {"_type":"cpu-type","bits":32,"family":"arm","name":"arm","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "arm64": {"_type":"cpu-type","arch":"armv8-a","bits":64,"family":"arm","name":"aarch64","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"8"},
  "armv5tel": {"_type":"cpu-type","arch":"armv5t","bits":32,"family":"arm","name":"armv5tel","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"5"},
  "armv6l": {"_type":"cpu-type","arch":"armv6","bits":32,"family":"arm","name":"armv6l","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"6"},
  "armv6m": {"_type":"cpu-type","arch":"armv6-m","bits":32,"family":"arm","name":"armv6m","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"6"},
  "armv7a": {"_type":"cpu-type","arch":"armv7-a","bits":32,"family":"arm","name":"armv7a","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"7"},
  "armv7l": {"_type":"cpu-type","arch":"armv7","bits":32,"family":"arm","name":"armv7l","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"7"},
  "armv7m": {"_type":"cpu-type","arch":"armv7-m","bits":32,"family":"arm","name":"armv7m","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"7"},
  "armv7r": {"_type":"cpu-type","arch":"armv7-r","bits":32,"family":"arm","name":"armv7r","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"7"},
  "armv8a": {"_type":"cpu-type","arch":"armv8-a","bits":32,"family":"arm","name":"armv8a","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"8"},
  "armv8m": {"_type":"cpu-type","arch":"armv8-m","bits":32,"family":"arm","name":"armv8m","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"8"},
  "armv8r": {"_type":"cpu-type","arch":"armv8-a","bits":32,"family":"arm","name":"armv8r","significantByte":{"_type":"significant-byte","name":"littleEndian"},"version":"8"},
  "avr": {"_type":"cpu-type","bits":8,"family":"avr","name":"avr"},
  "i386": {"_type":"cpu-type","arch":"i386","bits":32,"family":"x86","name":"i386","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "i486": {"_type":"cpu-type","arch":"i486","bits":32,"family":"x86","name":"i486","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "i586": {"_type":"cpu-type","arch":"i586","bits":32,"family":"x86","name":"i586","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "i686": {"_type":"cpu-type","arch":"i686","bits":32,"family":"x86","name":"i686","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "javascript": {"_type":"cpu-type","bits":32,"family":"javascript","name":"javascript","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "loongarch64": {"_type":"cpu-type","bits":64,"family":"loongarch","name":"loongarch64","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "m68k": {"_type":"cpu-type","bits":32,"family":"m68k","name":"m68k","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "microblaze": {"_type":"cpu-type","bits":32,"family":"microblaze","name":"microblaze","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "microblazeel": {"_type":"cpu-type","bits":32,"family":"microblaze","name":"microblazeel","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "mips": {"_type":"cpu-type","bits":32,"family":"mips","name":"mips","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "mips64": {"_type":"cpu-type","bits":64,"family":"mips","name":"mips64","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "mips64el": {"_type":"cpu-type","bits":64,"family":"mips","name":"mips64el","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "mipsel": {"_type":"cpu-type","bits":32,"family":"mips","name":"mipsel","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "mmix": {"_type":"cpu-type","bits":64,"family":"mmix","name":"mmix","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "msp430": {"_type":"cpu-type","bits":16,"family":"msp430","name":"msp430","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "or1k": {"_type":"cpu-type","bits":32,"family":"or1k","name":"or1k","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "powerpc": {"_type":"cpu-type","bits":32,"family":"power","name":"powerpc","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "powerpc64": {"_type":"cpu-type","bits":64,"family":"power","name":"powerpc64","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "powerpc64le": {"_type":"cpu-type","bits":64,"family":"power","name":"powerpc64le","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "powerpcle": {"_type":"cpu-type","bits":32,"family":"power","name":"powerpcle","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "riscv32": {"_type":"cpu-type","bits":32,"family":"riscv","name":"riscv32","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "riscv64": {"_type":"cpu-type","bits":64,"family":"riscv","name":"riscv64","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "rx": {"_type":"cpu-type","bits":32,"family":"rx","name":"rx","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "s390": {"_type":"cpu-type","bits":32,"family":"s390","name":"s390","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "s390x": {"_type":"cpu-type","bits":64,"family":"s390","name":"s390x","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "sh4": {"_type":"cpu-type","bits":32,"family":"sh","name":"sh4","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "sparc": {"_type":"cpu-type","bits":32,"family":"sparc","name":"sparc","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "sparc64": {"_type":"cpu-type","bits":64,"family":"sparc","name":"sparc64","significantByte":{"_type":"significant-byte","name":"bigEndian"}},
  "vc4": {"_type":"cpu-type","bits":32,"family":"vc4","name":"vc4","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "wasm32": {"_type":"cpu-type","bits":32,"family":"wasm","name":"wasm32","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "wasm64": {"_type":"cpu-type","bits":64,"family":"wasm","name":"wasm64","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
  "x86_64": {"_type":"cpu-type","arch":"x86-64","bits":64,"family":"x86","name":"x86_64","significantByte":{"_type":"significant-byte","name":"littleEndian"}},
};

export const VENDORS: Readonly<Record<string, Json>> = {
  "apple": {"_type":"vendor","name":"apple"},
  "knuth": {"_type":"vendor","name":"knuth"},
  "none": {"_type":"vendor","name":"none"},
  "pc": {"_type":"vendor","name":"pc"},
  "unknown": {"_type":"vendor","name":"unknown"},
  "w64": {"_type":"vendor","name":"w64"},
};

export const KERNELS: Readonly<Record<string, Json>> = {
  "cygwin": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"pe"},"families":{},"name":"cygwin"},
  "darwin": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"macho"},"families":{"darwin":{"_type":"exec-format","name":"darwin"}},"name":"darwin"},
  "freebsd": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{"bsd":{"_type":"exec-format","name":"bsd"}},"name":"freebsd"},
  "genode": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{},"name":"genode"},
  "ghcjs": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"unknown"},"families":{},"name":"ghcjs"},
  "ios": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"macho"},"families":{"darwin":{"_type":"exec-format","name":"darwin"}},"name":"ios"},
  "linux": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{},"name":"linux"},
  "macos": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"macho"},"families":{"darwin":{"_type":"exec-format","name":"darwin"}},"name":"darwin"},
  "mmixware": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"unknown"},"families":{},"name":"mmixware"},
  "netbsd": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{"bsd":{"_type":"exec-format","name":"bsd"}},"name":"netbsd"},
  "none": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"unknown"},"families":{},"name":"none"},
  "openbsd": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{"bsd":{"_type":"exec-format","name":"bsd"}},"name":"openbsd"},
  "redox": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{},"name":"redox"},
  "solaris": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"elf"},"families":{},"name":"solaris"},
  "tvos": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"macho"},"families":{"darwin":{"_type":"exec-format","name":"darwin"}},"name":"ios"},
  "uefi": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"pe"},"families":{},"name":"uefi"},
  "wasi": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"wasm"},"families":{},"name":"wasi"},
  "watchos": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"macho"},"families":{"darwin":{"_type":"exec-format","name":"darwin"}},"name":"ios"},
  "win32": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"pe"},"families":{},"name":"windows"},
  "windows": {"_type":"kernel","execFormat":{"_type":"exec-format","name":"pe"},"families":{},"name":"windows"},
};

export const ABIS: Readonly<Record<string, Json>> = {
  "android": {"_type":"abi","assertions":[{"message":"The \"android\" ABI is not for 32-bit ARM. Use \"androideabi\" instead.\n"}],"name":"android"},
  "androideabi": {"_type":"abi","eabi":true,"name":"androideabi"},
  "eabi": {"_type":"abi","eabi":true,"float":"soft","name":"eabi"},
  "eabihf": {"_type":"abi","eabi":true,"float":"hard","name":"eabihf"},
  "elf": {"_type":"abi","name":"elf"},
  "gnu": {"_type":"abi","assertions":[{"message":"The \"gnu\" ABI is ambiguous on 32-bit ARM. Use \"gnueabi\" or \"gnueabihf\" instead.\n"},{"message":"The \"gnu\" ABI is ambiguous on big-endian 64-bit PowerPC. Use \"gnuabielfv2\" or \"gnuabielfv1\" instead.\n"}],"name":"gnu"},
  "gnuabi64": {"_type":"abi","abi":"64","name":"gnuabi64"},
  "gnuabielfv1": {"_type":"abi","abi":"elfv1","name":"gnuabielfv1"},
  "gnuabielfv2": {"_type":"abi","abi":"elfv2","name":"gnuabielfv2"},
  "gnuabin32": {"_type":"abi","abi":"n32","name":"gnuabin32"},
  "gnueabi": {"_type":"abi","eabi":true,"float":"soft","name":"gnueabi"},
  "gnueabihf": {"_type":"abi","eabi":true,"float":"hard","name":"gnueabihf"},
  "msvc": {"_type":"abi","name":"msvc"},
  "musl": {"_type":"abi","name":"musl"},
  "muslabi64": {"_type":"abi","abi":"64","name":"muslabi64"},
  "muslabin32": {"_type":"abi","abi":"n32","name":"muslabin32"},
  "musleabi": {"_type":"abi","eabi":true,"float":"soft","name":"musleabi"},
  "musleabihf": {"_type":"abi","eabi":true,"float":"hard","name":"musleabihf"},
  "uclibc": {"_type":"abi","name":"uclibc"},
  "uclibceabi": {"_type":"abi","eabi":true,"float":"soft","name":"uclibceabi"},
  "uclibceabihf": {"_type":"abi","eabi":true,"float":"hard","name":"uclibceabihf"},
  "unknown": {"_type":"abi","name":"unknown"},
};

export const EXEC_FORMATS: Readonly<Record<string, Json>> = {
  "aout": {"_type":"exec-format","name":"aout"},
  "elf": {"_type":"exec-format","name":"elf"},
  "macho": {"_type":"exec-format","name":"macho"},
  "pe": {"_type":"exec-format","name":"pe"},
  "unknown": {"_type":"exec-format","name":"unknown"},
  "wasm": {"_type":"exec-format","name":"wasm"},
};

export const SIGNIFICANT_BYTES: Readonly<Record<string, Json>> = {
  "bigEndian": {"_type":"significant-byte","name":"bigEndian"},
  "littleEndian": {"_type":"significant-byte","name":"littleEndian"},
};

export const KERNEL_FAMILIES: Readonly<Record<string, Json>> = {
  "bsd": {"_type":"exec-format","name":"bsd"},
  "darwin": {"_type":"exec-format","name":"darwin"},
};
