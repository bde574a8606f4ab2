package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// npyMagic starts every .npy file.
const npyMagic = "\x93NUMPY"

// maxNPYHeader bounds the header length of a .npy file we accept.
const maxNPYHeader = 1 << 16

// npyHeader is the parsed header dict of a .npy file.
type npyHeader struct {
	descr   string // e.g. "<f4"
	fortran bool
	shape   []int
}

// parseNPY splits a .npy file into its header and its data bytes.
func parseNPY(b []byte) (npyHeader, []byte, error) {
	var h npyHeader
	if len(b) < len(npyMagic)+2 || string(b[:len(npyMagic)]) != npyMagic {
		return h, nil, errors.New("not a .npy file (bad magic)")
	}
	major := b[len(npyMagic)]
	rest := b[len(npyMagic)+2:]
	var hlen int
	switch major {
	case 1:
		if len(rest) < 2 {
			return h, nil, errors.New("truncated .npy header")
		}
		hlen, rest = int(binary.LittleEndian.Uint16(rest)), rest[2:]
	case 2, 3:
		if len(rest) < 4 {
			return h, nil, errors.New("truncated .npy header")
		}
		n := binary.LittleEndian.Uint32(rest)
		if n > maxNPYHeader {
			return h, nil, fmt.Errorf(".npy header of %d bytes is too long", n)
		}
		hlen, rest = int(n), rest[4:]
	default:
		return h, nil, fmt.Errorf("unsupported .npy format version %d", major)
	}
	if hlen > len(rest) {
		return h, nil, fmt.Errorf("truncated .npy header: %d bytes announced, %d present", hlen, len(rest))
	}
	h, err := parseNPYDict(string(rest[:hlen]))
	if err != nil {
		return h, nil, fmt.Errorf("bad .npy header: %w", err)
	}
	return h, rest[hlen:], nil
}

// parseNPYDict parses the Python dict literal of a .npy header, e.g.
// "{'descr': '<f4', 'fortran_order': False, 'shape': (5000, 2), }".
func parseNPYDict(s string) (npyHeader, error) {
	var h npyHeader
	p := &pyLit{s: strings.TrimRight(s, " \n\x00")}
	if !p.eat('{') {
		return h, errors.New("header is not a dict")
	}
	seen := map[string]bool{}
	for {
		if p.eat('}') {
			break
		}
		key, err := p.str()
		if err != nil {
			return h, err
		}
		if !p.eat(':') {
			return h, fmt.Errorf("missing ':' after key %q", key)
		}
		if seen[key] {
			return h, fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		switch key {
		case "descr":
			h.descr, err = p.str()
		case "fortran_order":
			h.fortran, err = p.boolean()
		case "shape":
			h.shape, err = p.intTuple()
		default:
			return h, fmt.Errorf("unknown key %q", key)
		}
		if err != nil {
			return h, fmt.Errorf("key %q: %w", key, err)
		}
		if !p.eat(',') {
			if !p.eat('}') {
				return h, errors.New("expected ',' or '}'")
			}
			break
		}
	}
	if p.skip(); p.i != len(p.s) {
		return h, errors.New("trailing characters after the dict")
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, fmt.Errorf("missing key %q", k)
		}
	}
	return h, nil
}

// pyLit is a cursor over a Python literal.
type pyLit struct {
	s string
	i int
}

func (p *pyLit) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

// eat consumes c (after spaces) if it comes next.
func (p *pyLit) eat(c byte) bool {
	p.skip()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// str reads a quoted string without escapes.
func (p *pyLit) str() (string, error) {
	p.skip()
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", errors.New("expected a quoted string")
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", errors.New("unterminated string")
	}
	v := p.s[p.i+1 : p.i+1+end]
	if strings.ContainsRune(v, '\\') {
		return "", errors.New("escapes in strings are not supported")
	}
	p.i += end + 2
	return v, nil
}

func (p *pyLit) boolean() (bool, error) {
	p.skip()
	for _, w := range []string{"True", "False"} {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return w == "True", nil
		}
	}
	return false, errors.New("expected True or False")
}

// intTuple reads "()", "(n,)" or "(n, m, ...)" of non-negative integers.
func (p *pyLit) intTuple() ([]int, error) {
	if !p.eat('(') {
		return nil, errors.New("expected a tuple")
	}
	dims := []int{}
	for {
		if p.eat(')') {
			return dims, nil
		}
		p.skip()
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		if j == p.i {
			return nil, errors.New("expected a non-negative integer in the tuple")
		}
		n, err := strconv.ParseInt(p.s[p.i:j], 10, 64)
		if err != nil || n > 1<<40 {
			return nil, fmt.Errorf("dimension %q out of range", p.s[p.i:j])
		}
		p.i = j
		dims = append(dims, int(n))
		if len(dims) > 32 {
			return nil, errors.New("too many dimensions")
		}
		if !p.eat(',') {
			if !p.eat(')') {
				return nil, errors.New("expected ',' or ')' in the tuple")
			}
			if len(dims) == 1 {
				return nil, errors.New("a 1-tuple needs a trailing comma")
			}
			return dims, nil
		}
	}
}
