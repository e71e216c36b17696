package ghhttp

import (
	"bytes"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// Limits of the ETag cache: a run reads a few hundred distinct resources, and
// file contents are small; larger bodies are not remembered.
const (
	cacheMaxEntries   = 2048
	cacheMaxBodyBytes = 4 << 20
)

// headerFromCache marks responses that did not cost quota: go-github does not
// record the rate limit of a response carrying it (the httpcache convention).
const headerFromCache = "X-From-Cache"

// cacheEntry is a remembered 200 answer to a GET.
type cacheEntry struct {
	etag   string
	header http.Header
	body   []byte
}

// etagCache is a bounded LRU of GET answers keyed by URL, Accept and the
// identity of the credentials, safe for concurrent use.
type etagCache struct {
	mu    sync.Mutex
	order *list.List // of *cacheItem, most recent first
	items map[string]*list.Element
}

type cacheItem struct {
	key   string
	entry *cacheEntry
}

func newETagCache() *etagCache {
	return &etagCache{order: list.New(), items: map[string]*list.Element{}}
}

// cacheKey identifies a GET answer. The credentials enter as a hash, so that
// two identities never share an answer and the key holds no secret.
func cacheKey(req *http.Request) string {
	id := ""
	if auth := req.Header.Get("Authorization"); auth != "" {
		sum := sha256.Sum256([]byte(auth))
		id = hex.EncodeToString(sum[:8])
	}
	return req.URL.String() + "\x00" + req.Header.Get("Accept") + "\x00" + id
}

// cacheable reports whether the transport may make req conditional: a GET
// whose caller did not already make it conditional or partial.
func cacheable(req *http.Request) bool {
	return req.Method == http.MethodGet &&
		req.Header.Get("If-None-Match") == "" &&
		req.Header.Get("If-Modified-Since") == "" &&
		req.Header.Get("Range") == ""
}

func (c *etagCache) get(key string) *cacheEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheItem).entry
}

func (c *etagCache) put(key string, e *cacheEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		el.Value.(*cacheItem).entry = e
		c.order.MoveToFront(el)
		return
	}
	c.items[key] = c.order.PushFront(&cacheItem{key: key, entry: e})
	for c.order.Len() > cacheMaxEntries {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheItem).key)
	}
}

// remember stores a 200 answer with an ETag and gives the response a body
// that reads the same bytes. Bodies over the size limit are left alone.
func (c *etagCache) remember(key string, resp *http.Response) error {
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || etag == "" {
		return nil
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, cacheMaxBodyBytes+1))
	if err != nil {
		resp.Body.Close()
		return err
	}
	if len(head) > cacheMaxBodyBytes {
		resp.Body = readCloser{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
		return nil
	}
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(head))
	c.put(key, &cacheEntry{etag: etag, header: resp.Header.Clone(), body: head})
	return nil
}

// revalidated turns a 304 into the remembered 200: the caller sees the data,
// with the fresh headers of the 304 (rate limit, ETag) over the remembered
// ones.
func (e *cacheEntry) revalidated(notModified *http.Response) *http.Response {
	drain(notModified)
	header := e.header.Clone()
	for k, v := range notModified.Header {
		header[k] = append([]string(nil), v...)
	}
	header.Set(headerFromCache, "1")
	header.Set("Content-Length", strconv.Itoa(len(e.body)))
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         notModified.Proto,
		ProtoMajor:    notModified.ProtoMajor,
		ProtoMinor:    notModified.ProtoMinor,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(e.body)),
		ContentLength: int64(len(e.body)),
		Request:       notModified.Request,
		TLS:           notModified.TLS,
	}
}

type readCloser struct {
	io.Reader
	io.Closer
}

// drain reads what is left of a discarded response (so the connection can be
// reused) and closes it.
func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}
