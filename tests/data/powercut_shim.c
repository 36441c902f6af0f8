/* A write log for the simulated power cut (tests/integration/test_power_cut.py), loaded with LD_PRELOAD.
 *
 * Every write, truncate, fsync/fdatasync and unlink that the process makes to a file under the folder
 * $POWERCUT_DIR is appended, in the order the process made them, to the log file $POWERCUT_LOG (with the
 * bytes written), then passed on to the C library unchanged. Nothing else is changed or recorded.
 *
 * Record: 1 byte op ('W' write, 'T' truncate, 'S' sync, 'U' unlink), u32 path length, the path,
 * i64 offset (the new size for 'T'), i64 length, then for 'W' the bytes written.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;
static const char *folder = NULL;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off64_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off64_t);
static int (*real_unlink)(const char *);

static void init(void) {
    if (real_write) return;
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    real_unlink = dlsym(RTLD_NEXT, "unlink");
    folder = getenv("POWERCUT_DIR");
    const char *log = getenv("POWERCUT_LOG");
    if (log) log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

static int fd_path(int fd, char *out) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, PATH_MAX - 1);
    if (n < 0) return 0;
    out[n] = 0;
    return 1;
}

static int watched(const char *path) {
    return folder && log_fd >= 0 && strncmp(path, folder, strlen(folder)) == 0;
}

static void put(const void *p, size_t n) {
    const char *c = p;
    while (n) {
        ssize_t w = real_write(log_fd, c, n);
        if (w <= 0) abort();
        c += w;
        n -= (size_t)w;
    }
}

static void record(char op, const char *path, int64_t offset, int64_t length, const void *data) {
    uint32_t plen = (uint32_t)strlen(path);
    put(&op, 1);
    put(&plen, 4);
    put(path, plen);
    put(&offset, 8);
    put(&length, 8);
    if (op == 'W' && length > 0) put(data, (size_t)length);
}

static void log_fd_op(char op, int fd, int64_t offset, int64_t length, const void *data) {
    char path[PATH_MAX];
    if (!fd_path(fd, path) || !watched(path)) return;
    record(op, path, offset, length, data);
}

ssize_t write(int fd, const void *buf, size_t n) {
    init();
    pthread_mutex_lock(&lock);
    off_t at = lseek(fd, 0, SEEK_CUR);
    ssize_t done = real_write(fd, buf, n);
    if (done > 0 && at >= 0) log_fd_op('W', fd, at, done, buf);
    pthread_mutex_unlock(&lock);
    return done;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at) {
    init();
    pthread_mutex_lock(&lock);
    ssize_t done = real_pwrite(fd, buf, n, at);
    if (done > 0) log_fd_op('W', fd, at, done, buf);
    pthread_mutex_unlock(&lock);
    return done;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t at) {
    init();
    pthread_mutex_lock(&lock);
    ssize_t done = real_pwrite64(fd, buf, n, at);
    if (done > 0) log_fd_op('W', fd, at, done, buf);
    pthread_mutex_unlock(&lock);
    return done;
}

int fsync(int fd) {
    init();
    int rc = real_fsync(fd);
    pthread_mutex_lock(&lock);
    if (rc == 0) log_fd_op('S', fd, 0, 0, NULL);
    pthread_mutex_unlock(&lock);
    return rc;
}

int fdatasync(int fd) {
    init();
    int rc = real_fdatasync(fd);
    pthread_mutex_lock(&lock);
    if (rc == 0) log_fd_op('S', fd, 0, 0, NULL);
    pthread_mutex_unlock(&lock);
    return rc;
}

int ftruncate(int fd, off_t size) {
    init();
    pthread_mutex_lock(&lock);
    int rc = real_ftruncate(fd, size);
    if (rc == 0) log_fd_op('T', fd, size, 0, NULL);
    pthread_mutex_unlock(&lock);
    return rc;
}

int ftruncate64(int fd, off64_t size) {
    init();
    pthread_mutex_lock(&lock);
    int rc = real_ftruncate64(fd, size);
    if (rc == 0) log_fd_op('T', fd, size, 0, NULL);
    pthread_mutex_unlock(&lock);
    return rc;
}

int unlink(const char *path) {
    init();
    pthread_mutex_lock(&lock);
    char full[PATH_MAX];
    int rc = real_unlink(path);
    if (rc == 0 && realpath(path, full) == NULL) {  /* gone now: build the absolute name ourselves */
        if (path[0] == '/') snprintf(full, sizeof full, "%s", path);
        else {
            char cwd[PATH_MAX];
            if (getcwd(cwd, sizeof cwd)) snprintf(full, sizeof full, "%s/%s", cwd, path);
            else full[0] = 0;
        }
    }
    if (rc == 0 && watched(full)) record('U', full, 0, 0, NULL);
    pthread_mutex_unlock(&lock);
    return rc;
}
