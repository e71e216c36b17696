package github

import (
	"context"
	"sync"

	gh "github.com/google/go-github/v57/github"
	"golang.org/x/sync/errgroup"
)

// readConcurrency bounds the requests one read sends at once (the pages
// of a list, the timelines of a milestone's issues). The transport bounds
// all the requests of a run in flight together (ghhttp.Options.MaxInFlight);
// this keeps a read of thousands of items from starting as many goroutines.
const readConcurrency = 8

// lister reads page page of a list (0: the first, without a page
// parameter, as a single read asks for it).
type lister[T any] func(ctx context.Context, page int) ([]T, *gh.Response, error)

// listAll reads every page of a list. The first page's Link header names
// the last page; the pages between are then read concurrently,
// readConcurrency at a time, so that a list of n pages costs two round
// trips instead of n, and as many requests as read one after another.
// Without a last page (GitHub leaves it out on some lists) the pages are
// read one after another. each, when not nil, is called with every page
// as it arrives, from the goroutine that read it. The items come back in
// page order whatever the order of the answers. The first failure stops
// the other reads and is the error returned.
func listAll[T any](ctx context.Context, list lister[T], each func([]T)) ([]T, error) {
	items, resp, err := list(ctx, 0)
	if err != nil {
		return nil, err
	}
	if each != nil {
		each(items)
	}
	if resp.NextPage == 0 {
		return items, nil
	}
	next := resp.NextPage
	if resp.LastPage > next {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		pages := make([][]T, resp.LastPage-next+1)
		var (
			mu    sync.Mutex
			first error // the first failure, which stops the others
			last  *gh.Response
		)
		forEach(len(pages), readConcurrency, func(i int) {
			page, r, err := list(ctx, next+i)
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
					cancel()
				}
				mu.Unlock()
				return
			}
			pages[i] = page
			if each != nil {
				each(page)
			}
			if i == len(pages)-1 {
				last = r
			}
		})
		if first != nil {
			return nil, first
		}
		for _, page := range pages {
			items = append(items, page...)
		}
		// The list may have grown while it was read: the last page then
		// names a next one, read as any other.
		if next = last.NextPage; next == 0 {
			return items, nil
		}
	}
	for next != 0 {
		page, r, err := list(ctx, next)
		if err != nil {
			return nil, err
		}
		if each != nil {
			each(page)
		}
		items = append(items, page...)
		next = r.NextPage
	}
	return items, nil
}

// forEach calls f(0) … f(n-1), at most limit at once, and returns when all
// have returned.
func forEach(n, limit int, f func(i int)) {
	if n == 1 {
		f(0)
		return
	}
	var g errgroup.Group
	g.SetLimit(limit)
	for i := range n {
		g.Go(func() error { f(i); return nil })
	}
	_ = g.Wait()
}
