package torchpt

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// pickleArg is the kind of inline argument that follows a pickle opcode.
type pickleArg uint8

const (
	pkUnknown pickleArg = iota // not a pickle opcode
	pkNone                     // no argument
	pkFixed1                   // 1 byte
	pkFixed2                   // 2 bytes
	pkFixed4                   // 4 bytes
	pkFixed8                   // 8 bytes
	pkLine                     // text up to '\n'
	pkLine2                    // two lines (GLOBAL, INST)
	pkLen1                     // 1-byte length, then data
	pkLen4                     // 4-byte length, then data
	pkLen8                     // 8-byte length, then data
)

// pickleOps gives the argument kind of every opcode of pickle protocols 0-5
// (see Python's pickletools).
var pickleOps = func() [256]pickleArg {
	var t [256]pickleArg
	set := func(ops string, a pickleArg) {
		for i := 0; i < len(ops); i++ {
			t[ops[i]] = a
		}
	}
	set("(.012NQRabde}lo]s)tu", pkNone)
	set("\x81\x85\x86\x87\x88\x89\x8f\x90\x91\x92\x93\x94\x97\x98", pkNone)
	set("Khq\x80\x82", pkFixed1)
	set("M\x83", pkFixed2)
	set("Jjr\x84", pkFixed4)
	set("G\x95", pkFixed8)
	set("FILPSVgp", pkLine)
	set("ci", pkLine2)
	set("UC\x8a\x8c", pkLen1)
	set("TXB\x8b", pkLen4)
	set("\x8d\x8e\x96", pkLen8)
	return t
}()

// scanPickle walks the opcodes of a pickle up to STOP without running it. It
// rejects unknown opcodes, arguments that run past the end of the data
// (whose announced lengths would make an unpickler allocate them), empty
// LONG1 numbers, and GLOBAL or INST names that allowGlobal refuses.
func scanPickle(b []byte, allowGlobal func(module, name string) bool) error {
	for i := 0; i < len(b); {
		op := b[i]
		at := i
		i++
		rest := b[i:]
		need := 0
		switch pickleOps[op] {
		case pkUnknown:
			return fmt.Errorf("pickle: unknown opcode 0x%02x at byte %d", op, at)
		case pkNone:
			if op == '.' {
				return nil
			}
		case pkFixed1:
			need = 1
		case pkFixed2:
			need = 2
		case pkFixed4:
			need = 4
		case pkFixed8:
			need = 8
			if op == 0x95 && len(rest) >= 8 && binary.LittleEndian.Uint64(rest) > uint64(len(rest)-8) {
				// The frame's content itself is scanned as ordinary opcodes.
				return fmt.Errorf("pickle: FRAME at byte %d is longer than the data", at)
			}
		case pkLine, pkLine2:
			lines := 1 + int(pickleOps[op]-pkLine)
			parts := make([]string, 0, 2)
			for range lines {
				nl := bytes.IndexByte(b[i:], '\n')
				if nl < 0 {
					return fmt.Errorf("pickle: unterminated line argument of opcode %q at byte %d", op, at)
				}
				parts = append(parts, string(b[i:i+nl]))
				i += nl + 1
			}
			if lines == 2 && !allowGlobal(parts[0], parts[1]) {
				return fmt.Errorf("pickle global %s.%s is not allowed", parts[0], parts[1])
			}
			continue
		case pkLen1, pkLen4, pkLen8:
			width := 1
			if pickleOps[op] == pkLen4 {
				width = 4
			} else if pickleOps[op] == pkLen8 {
				width = 8
			}
			if len(rest) < width {
				return fmt.Errorf("pickle: truncated length of opcode %q at byte %d", op, at)
			}
			var n uint64
			switch width {
			case 1:
				n = uint64(rest[0])
			case 4:
				n = uint64(binary.LittleEndian.Uint32(rest))
			case 8:
				n = binary.LittleEndian.Uint64(rest)
			}
			if n > uint64(len(rest)-width) {
				return fmt.Errorf("pickle: opcode %q at byte %d announces %d bytes, only %d remain", op, at, n, len(rest)-width)
			}
			if op == 0x8a && n == 0 {
				return fmt.Errorf("pickle: empty LONG1 at byte %d", at)
			}
			need = width + int(n)
		}
		if need > len(rest) {
			return fmt.Errorf("pickle: truncated argument of opcode %q at byte %d", op, at)
		}
		i += need
	}
	return fmt.Errorf("pickle: no STOP opcode")
}
