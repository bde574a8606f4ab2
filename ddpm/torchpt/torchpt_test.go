package torchpt

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/statesdiffusion/states/internal/testfix"
)

func TestReadTorchPTFixtures(t *testing.T) {
	wantPts, wantLabels := testfix.Points(50)
	for _, tc := range []struct {
		file   string
		labels bool
	}{
		{"states_small.pt", true},
		{"states_f64_i32.pt", true},
		{"states_strided.pt", true},
		{"tensor_only.pt", false},
	} {
		pts, labels, err := Read(testfix.Path(tc.file))
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualPoints(t, tc.file, pts, wantPts)
		if !tc.labels {
			if labels != nil {
				t.Errorf("%s: labels %v, want none", tc.file, labels)
			}
			continue
		}
		testfix.EqualLabels(t, tc.file, labels, wantLabels)
	}
}

func TestReadTorchPTRejects(t *testing.T) {
	testfix.Refuses(t, func(path string) error { _, _, err := Read(path); return err },
		testfix.Refusal{File: "evil_system.pt", Want: "pickle global posix.system is not allowed"},
		testfix.Refusal{File: "evil_eval.pt", Want: "pickle global __builtin__.eval is not allowed"},
		testfix.Refusal{File: "truncated.pt", Want: "not a PyTorch zip file"},
		testfix.Refusal{File: "points_f32.npy", Want: "not a PyTorch zip file"},
	)
	if _, err := os.Stat("/tmp/ddpm_fixture_pwned"); err == nil {
		t.Error("/tmp/ddpm_fixture_pwned exists: did something run the malicious pickle?")
	}
}

// torchWith returns a torch zip of one tensor whose pickle is pkl.
func torchWith(t *testing.T, pkl []byte, storage []byte) []byte {
	t.Helper()
	b, err := writeTorchZip("archive", []torchRecord{{"data.pkl", pkl}, {"data/0", storage}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeTorchPTRejectsBadPickles(t *testing.T) {
	var good pickleWriter
	good.raw(0x80, 2)
	good.tensor("FloatStorage", "0", 4, []int{2, 2})
	good.raw('.')
	storage := make([]byte, 16)
	if _, _, err := Decode(torchWith(t, good.b.Bytes(), storage)); err != nil {
		t.Fatalf("hand-made tensor: %v", err)
	}
	tensorWith := func(class string, numel int, size []int) []byte {
		var p pickleWriter
		p.raw(0x80, 2)
		p.tensor(class, "0", numel, size)
		p.raw('.')
		return p.b.Bytes()
	}
	for _, tc := range []struct {
		name    string
		pkl     []byte
		storage []byte
		want    string
	}{
		{"builtins.list", []byte("\x80\x02c__builtin__\nobject\n)R."), storage, "pickle global __builtin__.object is not allowed"},
		{"copy_reg", []byte("\x80\x02ccopy_reg\n_reconstructor\n."), storage, "copy_reg._reconstructor is not allowed"},
		{"stack global", []byte("\x80\x04\x8c\x02os\x8c\x06system\x93\x8c\x04echo\x85R."), storage, "pickle global os.system is not allowed"},
		{"odd setitems", []byte("\x80\x02}(K\x01u."), storage, "malformed pickle"},
		{"empty long1", []byte("\x80\x02\x8a\x00."), storage, "empty LONG1"},
		{"huge string", []byte("\x80\x02X\xff\xff\xff\xff."), storage, "announces 4294967295 bytes"},
		{"huge frame", []byte("\x80\x04\x95\xff\xff\xff\xff\xff\xff\xff\xff."), storage, "FRAME"},
		{"no stop", []byte("\x80\x02K\x01"), storage, "no STOP"},
		{"unknown opcode", []byte("\x80\x02\xff."), storage, "unknown opcode 0xff"},
		{"not a tensor", []byte("\x80\x02K\x01."), storage, "holds a int"},
		{"no data key", []byte("\x80\x02}."), storage, `no "data" tensor`},
		{"short storage", good.b.Bytes(), storage[:12], "storage 0 has 12 bytes, want 16"},
		{"overrun", tensorWith("FloatStorage", 4, []int{3, 2}), storage, "overruns its storage of 4 elements"},
		{"wrong shape", tensorWith("FloatStorage", 4, []int{4}), storage, "shape [4], want [N, 2]"},
		{"long data", tensorWith("LongStorage", 2, []int{1, 2}), storage, "dtype int64, want float32"},
	} {
		_, _, err := Decode(torchWith(t, tc.pkl, tc.storage))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestTorchPTRoundTrip(t *testing.T) {
	pts, labels := testfix.Points(50)
	for _, withLabels := range []bool{false, true} {
		var l []int
		if withLabels {
			l = labels
		}
		b, err := Encode(pts, l)
		if err != nil {
			t.Fatal(err)
		}
		gotPts, gotLabels, err := Decode(b)
		if err != nil {
			t.Fatal(err)
		}
		testfix.EqualPoints(t, "round trip", gotPts, pts)
		testfix.EqualLabels(t, "round trip", gotLabels, l)
		// Every record's data starts on a 64-byte boundary, as in torch.
		for _, name := range []string{"data/0", "version"} {
			if i := bytes.Index(b, []byte("archive/"+name)); i < 0 {
				t.Errorf("no record %s", name)
			}
		}
	}
	if _, err := Encode(pts, labels[:2]); err == nil {
		t.Error("Encode accepted 2 labels for 50 points")
	}
}

func FuzzReadTorchPT(f *testing.F) {
	testfix.FuzzFixtures(f, "states_small.pt", "tensor_only.pt", "states_strided.pt", "states_f64_i32.pt", "evil_system.pt", "truncated.pt")
	pts, labels := testfix.Points(3)
	if b, err := Encode(pts, labels); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, labels, err := Decode(b)
		if err != nil {
			return
		}
		if labels != nil && len(labels) != len(pts) {
			t.Fatalf("%d labels for %d points", len(labels), len(pts))
		}
	})
}
