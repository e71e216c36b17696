package state

// AbandonLock gives up h as a process that dies does: the operating
// system releases the OS lock, the lock info stays.
func AbandonLock(h *Held) { h.fl.Close() }
