package states_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/statesdiffusion/states/ddpm/states"
)

func ExampleLoad() {
	dir, err := os.MkdirTemp("", "ddpm-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "tiny.csv")
	if err := os.WriteFile(path, []byte("x,y,label\n0.5,-1,2\n1.25,0,4\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	d, err := states.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, p := range d.Points {
		fmt.Println(p, states.Names[d.Labels[i]])
	}
	// A bad label is an error that names the file and the problem.
	if err := os.WriteFile(path, []byte("0.5,-1,9\n"), 0o644); err != nil {
		fmt.Println(err)
		return
	}
	_, err = states.Load(path)
	fmt.Println(err != nil)
	// Output:
	// [0.5 -1] Ohio
	// [1.25 0] Wisconsin
	// true
}
