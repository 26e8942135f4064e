package store

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// crashDirEnv names the store folder TestCrashWorker changes until killed.
const crashDirEnv = "BUDGETQA_STORE_CRASH_DIR"

// TestCrash kills (SIGKILL) a process in the middle of adding, replacing
// and removing documents, at varied moments, and checks after each kill
// that the store opens with its manifest, documents and index agreeing,
// and that no document named by the manifest is lost.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes and kills them")
	}
	dir := t.TempDir()
	s, _ := open(t, dir)
	if _, err := s.Sync(corpusFS(bundledText(t))); err != nil {
		t.Fatal(err)
	}
	s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 5 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWorker$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashDirEnv+"="+dir, fmt.Sprintf("BUDGETQA_STORE_CRASH_SEED=%d", round))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the worker to have the store open and to start changing
		// it, then pull the plug at a varied moment (not a timing
		// assertion).
		if !waitFor(out, "changing") {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: the worker did not start", round)
		}
		time.Sleep(time.Duration(rng.IntN(600)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()

		s, rep := open(t, dir)
		if len(rep.Lost) > 0 {
			t.Errorf("round %d: lost %v", round, rep.Lost)
		}
		checkConsistent(t, s)
		t.Logf("round %d: %d documents, %d leftover files removed, %d parsed again", round, rep.Documents, rep.Removed, len(rep.Reparsed))
		s.Close()
	}
}

// waitFor reads r until a line holding word, or its end.
func waitFor(r io.Reader, word string) bool {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if strings.Contains(sc.Text(), word) {
			go io.Copy(io.Discard, r) // keep the worker from blocking on its output
			return true
		}
	}
	return false
}

// TestCrashWorker is the process TestCrash kills: it changes the store in
// $BUDGETQA_STORE_CRASH_DIR until it is killed.
func TestCrashWorker(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run by TestCrash")
	}
	var text []byte
	for n, data := range bundledText(t) {
		if strings.Contains(n, "longgang") {
			text = data
		}
	}
	// The lock of the killed process goes with it; wait for it if the
	// kernel is slow to release it.
	var s *Store
	for {
		var err error
		if s, _, err = Open(dir, Options{}); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	seed := os.Getenv("BUDGETQA_STORE_CRASH_SEED")
	fmt.Println("changing")
	for i := 0; ; i++ {
		id := fmt.Sprintf("upload-%d.txt", i%4)
		version := append([]byte(nil), text...)
		version = append(version, fmt.Sprintf("\n（第%s轮第%d次上传）\n", seed, i)...)
		if _, _, err := s.Add(id, version); err != nil {
			t.Fatal(err)
		}
		if i%3 == 2 {
			if err := s.Remove(fmt.Sprintf("upload-%d", (i+1)%4)); err != nil && !strings.Contains(err.Error(), "no such") {
				t.Fatal(err)
			}
		}
	}
}
