// Command ddpm trains, samples, guides, scores and charts a DDPM on the 2-D
// STATES dataset. Run "ddpm help" for the list of subcommands; "ddpm" alone
// runs the whole pipeline ("ddpm all").
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
)

// command is one subcommand: its one-line summary and its entry point, which
// receives the arguments after the subcommand name.
type command struct {
	summary string
	run     func(args []string) error
}

// commands is filled by the init functions of the files of this package, one
// file per subcommand.
var commands = map[string]command{}

// register adds a subcommand; it panics on a duplicate name (programmer error).
func register(name, summary string, run func(args []string) error) {
	if _, dup := commands[name]; dup {
		panic("ddpm: subcommand registered twice: " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: ddpm [subcommand] [flags]   (no subcommand: ddpm all)")
	fmt.Fprintln(os.Stderr, "subcommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-11s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(os.Stderr, "run \"ddpm SUBCOMMAND -h\" for its flags")
}

func main() {
	args := os.Args[1:]
	name := "all"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		usage()
		return
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "ddpm: unknown subcommand %q\n", name)
		usage()
		os.Exit(2)
	}
	if err := cmd.run(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(os.Stderr, "ddpm %s: %v\n", name, err)
			os.Exit(2)
		}
		fmt.Fprintf(os.Stderr, "ddpm %s: %v\n", name, err)
		os.Exit(1)
	}
}

// usageError marks an error in the flags or their values (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// newFlags returns a flag set for a subcommand that reports errors instead of
// exiting, so that main decides the exit status.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("ddpm "+name, flag.ContinueOnError)
	return fs
}

// parseFlags parses args into fs, turning flag errors into usage errors and
// refusing stray positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	return nil
}
