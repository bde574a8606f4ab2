package torchpt

import (
	"bytes"
	"encoding/binary"
)

// pickleWriter emits the protocol-2 pickle opcodes that torch.save uses for
// tensors.
type pickleWriter struct{ b bytes.Buffer }

func (p *pickleWriter) raw(ops ...byte) { p.b.Write(ops) }

// global emits GLOBAL module.name.
func (p *pickleWriter) global(module, name string) {
	p.b.WriteByte('c')
	p.b.WriteString(module + "\n" + name + "\n")
}

// str emits BINUNICODE s.
func (p *pickleWriter) str(s string) {
	p.b.WriteByte('X')
	p.b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(s))))
	p.b.WriteString(s)
}

// int emits a non-negative integer with the shortest opcode.
func (p *pickleWriter) int(n int) {
	switch {
	case n < 1<<8:
		p.raw('K', byte(n))
	case n < 1<<16:
		p.raw('M', byte(n), byte(n>>8))
	case n < 1<<31:
		p.b.WriteByte('J')
		p.b.Write(binary.LittleEndian.AppendUint32(nil, uint32(n)))
	default: // LONG1 of 8 bytes, two's complement little-endian
		p.raw(0x8a, 8)
		p.b.Write(binary.LittleEndian.AppendUint64(nil, uint64(n)))
	}
}

// tuple emits the tuple of ints.
func (p *pickleWriter) tuple(ns []int) {
	switch len(ns) {
	case 0:
		p.raw(')') // EMPTY_TUPLE
		return
	case 1, 2, 3:
	default:
		p.raw('(') // MARK
	}
	for _, n := range ns {
		p.int(n)
	}
	switch len(ns) {
	case 1:
		p.raw(0x85) // TUPLE1
	case 2:
		p.raw(0x86) // TUPLE2
	case 3:
		p.raw(0x87) // TUPLE3
	default:
		p.raw('t') // TUPLE
	}
}

// tensor emits _rebuild_tensor_v2(storage, 0, size, contiguous stride,
// False, OrderedDict()) with the storage given as the persistent id
// ("storage", torch.<storageClass>, key, "cpu", numel).
func (p *pickleWriter) tensor(storageClass, key string, numel int, size []int) {
	p.global("torch._utils", "_rebuild_tensor_v2")
	p.raw('(') // MARK: the arguments
	p.raw('(') // MARK: the persistent id
	p.str("storage")
	p.global("torch", storageClass)
	p.str(key)
	p.str("cpu")
	p.int(numel)
	p.raw('t', 'Q') // TUPLE, BINPERSID
	p.int(0)        // storage offset
	p.tuple(size)
	stride := make([]int, len(size))
	acc := 1
	for i := len(size) - 1; i >= 0; i-- {
		stride[i] = acc
		acc *= size[i]
	}
	p.tuple(stride)
	p.raw(0x89) // NEWFALSE: requires_grad
	p.global("collections", "OrderedDict")
	p.raw(')', 'R') // EMPTY_TUPLE, REDUCE: backward hooks
	p.raw('t', 'R') // TUPLE, REDUCE
}
