/*
 * failing_io: an LD_PRELOAD shim that makes writes and syncs fail on chosen files, as a failing or full disk does.
 *
 * The tests compile it with `cc -shared -fPIC -o failing_io.so failing_io.c -ldl` and run the binary with
 * LD_PRELOAD pointing at it. It is configured by environment variables, read at every call:
 *
 *   FAILING_IO_PATH   which files: a path ending in '/' means every file under that directory; anything else means
 *                     every file whose path ends with it (e.g. "yanshou.db-wal"). Unset: the shim does nothing.
 *   FAILING_IO_CALLS  which calls fail, comma-separated: write, pwrite, pwrite64, writev, pwritev, fsync, fdatasync,
 *                     ftruncate, copy_file_range, sendfile; "writes" stands for every call that writes data (all but
 *                     the syncs and ftruncate), "syncs" for fsync and fdatasync. Default: all of them.
 *   FAILING_IO_ERRNO  EIO (default) or ENOSPC.
 *   FAILING_IO_ARM    a file: the shim fails calls only while it exists, so that a test arms it after start-up.
 *   FAILING_IO_AFTER  let this many matching calls through (counted while armed), then fail every one after.
 *   FAILING_IO_LOG    a file to which one line is appended per failed call ("fsync /path/to/file"), so that a test can
 *                     tell that a failure really was injected.
 *
 * The file of a descriptor is found through /proc/self/fd, so files opened before the shim was armed are matched too.
 * The real calls are the next definitions of the symbols (dlsym RTLD_NEXT); SQLite calls pwrite64 and fsync through
 * its table of system calls, which the dynamic linker resolves to these definitions like any other call.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_long passed;

static int path_of(int fd, char *out, size_t len) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, len - 1);
    if (n < 0) return -1;
    out[n] = 0;
    return 0;
}

static int call_listed(const char *call) {
    const char *calls = getenv("FAILING_IO_CALLS");
    if (!calls || !*calls) return 1;
    int is_sync = !strcmp(call, "fsync") || !strcmp(call, "fdatasync");
    int writes_data = !is_sync && strcmp(call, "ftruncate") != 0;
    size_t n = strlen(call);
    for (const char *p = calls; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && !strncmp(p, call, n)) return 1;
        if (len == 5 && !strncmp(p, "syncs", 5) && is_sync) return 1;
        if (len == 6 && !strncmp(p, "writes", 6) && writes_data) return 1;
        if (!end) break;
        p = end + 1;
    }
    return 0;
}

static void note(const char *call, const char *path) {
    const char *log = getenv("FAILING_IO_LOG");
    if (!log || !*log) return;
    /* The raw system calls: the shim's own log must not go through the shim. */
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    char line[PATH_MAX + 64];
    int len = snprintf(line, sizeof line, "%s %s\n", call, path);
    if (len > 0) {
        ssize_t (*real_write)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
        if (real_write) (void)real_write(fd, line, (size_t)len);
    }
    close(fd);
}

/* Whether this call on this descriptor is to fail; sets errno if so. */
static int should_fail(const char *call, int fd) {
    const char *pattern = getenv("FAILING_IO_PATH");
    if (!pattern || !*pattern || !call_listed(call)) return 0;
    int saved = errno;
    char path[PATH_MAX];
    if (path_of(fd, path, sizeof path) != 0) {
        errno = saved;
        return 0;
    }
    size_t plen = strlen(pattern), len = strlen(path);
    int match = pattern[plen - 1] == '/' ? !strncmp(path, pattern, plen)
                                         : (len >= plen && !strcmp(path + len - plen, pattern));
    if (!match) {
        errno = saved;
        return 0;
    }
    const char *arm = getenv("FAILING_IO_ARM");
    if (arm && *arm && access(arm, F_OK) != 0) {
        errno = saved;
        return 0;
    }
    const char *after = getenv("FAILING_IO_AFTER");
    if (after && *after && atomic_fetch_add(&passed, 1) < atol(after)) {
        errno = saved;
        return 0;
    }
    note(call, path);
    const char *which = getenv("FAILING_IO_ERRNO");
    errno = (which && !strcmp(which, "ENOSPC")) ? ENOSPC : EIO;
    return 1;
}

/* The next definition of `fn`, looked up once. */
#define REAL(fn) \
    static __typeof__(fn) *real; \
    if (!real) real = (__typeof__(fn) *)dlsym(RTLD_NEXT, #fn)

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    if (should_fail("write", fd)) return -1;
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite);
    if (should_fail("pwrite", fd)) return -1;
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
    REAL(pwrite64);
    if (should_fail("pwrite64", fd)) return -1;
    return real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec *iov, int n) {
    REAL(writev);
    if (should_fail("writev", fd)) return -1;
    return real(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t off) {
    REAL(pwritev);
    if (should_fail("pwritev", fd)) return -1;
    return real(fd, iov, n, off);
}

int fsync(int fd) {
    REAL(fsync);
    if (should_fail("fsync", fd)) return -1;
    return real(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (should_fail("fdatasync", fd)) return -1;
    return real(fd);
}

int ftruncate(int fd, off_t len) {
    REAL(ftruncate);
    if (should_fail("ftruncate", fd)) return -1;
    return real(fd, len);
}

int ftruncate64(int fd, off64_t len) {
    REAL(ftruncate64);
    if (should_fail("ftruncate", fd)) return -1;
    return real(fd, len);
}

ssize_t copy_file_range(int in, off64_t *in_off, int out, off64_t *out_off, size_t n, unsigned flags) {
    REAL(copy_file_range);
    if (should_fail("copy_file_range", out)) return -1;
    return real(in, in_off, out, out_off, n, flags);
}

ssize_t sendfile(int out, int in, off_t *off, size_t n) {
    REAL(sendfile);
    if (should_fail("sendfile", out)) return -1;
    return real(out, in, off, n);
}

ssize_t sendfile64(int out, int in, off64_t *off, size_t n) {
    REAL(sendfile64);
    if (should_fail("sendfile", out)) return -1;
    return real(out, in, off, n);
}
