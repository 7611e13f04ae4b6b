/*
 * A BEP 15 load generator in C, for bench/compare.sh: a Java generator pinned to one CPU would be the
 * limit. SOCKETS connected sockets, one thread, epoll: each socket connects, then keeps WINDOW
 * announces in flight; each answer frees its slot, which sends the next announce at once. A slot
 * unanswered for 500 ms counts as lost and is sent again; a socket connects again when its connection
 * id is 50 s old (BEP 15 allows two minutes).
 *
 * The announces follow bench/announce.lua's Zipf mode (the same population and torrents, so one
 * opentracker whitelist serves both): PEERS simulated peers (default 200000), peer p in the torrent
 * its Zipf draw gives (popularity of the k-th torrent proportional to 1/k^ZIPF_S over TORRENTS
 * torrents), a seeder with probability SEEDERS; the torrents' info_hashes are announce.lua's (MINSTD,
 * salt 1), the peer_id "-qB4650-" and 12 bytes of the peer's own. A random peer announces each time:
 * its first announce of the run is event=started; later ones are stopped with probability STOPPED
 * (the next is started again), completed with probability COMPLETED for a leecher (a seeder from
 * then on), otherwise a plain re-announce. numwant NUMWANT, port and key fixed per peer.
 *
 *   gcc -O2 -o udp-load bench/c/udp-load.c -lm
 *   udp-load HOST PORT SECONDS [SOCKETS=8] [WINDOW=8] [TORRENTS=10000] [NUMWANT=50]
 *   environment: PEERS=200000 ZIPF_S=1.0 SEEDERS=0.33 STOPPED=0.01 COMPLETED=0.005 ADDRESSES=0
 *
 * ZIPF_S=0 makes every torrent equally popular (bench/redis.sh's even UDP load). ADDRESSES=1: each
 * peer announces from an address of its own, written into the announce's IP field (bytes 84..87,
 * else 0: the sender's): announce.lua's ip=10.x.y.z, peer p times an odd multiplier modulo 2^24 over
 * 10/8. The tracker takes it with karuta.ip.trustClientSupplied=true; from the one loopback address
 * karuta.peers.perAddress (64) would cap every swarm at 64 peers.
 *
 * Prints UdpLoad's line: the median of the per-second rates of answered announces after a 3 s
 * warm-up, the per-second rates, the error answers (an error packet or an announce answer shorter
 * than 20 bytes), the lost requests and the answered total (warm-up included).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define M 2147483647LL
#define WARMUP 3
#define LOSS_NS 500000000LL
#define RECONNECT_NS 50000000000LL
#define CONNECT_SLOT 0xffff

typedef struct {
  int fd;
  uint64_t cid;
  int connected;
  uint32_t connect_txid;
  int64_t connect_sent, connected_at;
  uint32_t seq;
  uint32_t *slot_txid;
  int64_t *slot_sent;
} client;

static int torrents = 10000, peers = 200000, window = 8, numwant = 50, addresses = 0;
static double zipf_s = 1.0, seeders = 0.33, stopped = 0.01, completed = 0.005;
static unsigned char (*hashes)[20];
static int *peer_torrent;
static unsigned char *peer_state; /* bit 0: announced in this run; bit 1: seeder */
static uint64_t rng = 88172645463325252ULL;
static long long answered, errors, lost;

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t) t.tv_sec * 1000000000LL + t.tv_nsec;
}
static uint64_t next_rand(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
static double uniform(void) { return (next_rand() >> 11) * (1.0 / 9007199254740992.0); }

/* announce.lua's MINSTD generator: n bytes for (seed, salt). */
static void minstd_bytes(unsigned char *out, int n, long long seed, long long salt) {
  long long x = (seed * 7919 + salt * 104729) % M;
  if (x == 0) x = 1;
  for (int i = 0; i < n; i++) {
    x = (x * 48271) % M;
    out[i] = (unsigned char) ((x / 8388608) % 256);
  }
}
/* A number in [0, 1) fixed by (seed, salt): announce.lua's uniform_of. */
static double minstd_uniform(long long seed, long long salt) {
  long long x = (seed * 7919 + salt * 104729) % M;
  if (x == 0) x = 1;
  x = (x * 48271) % M;
  x = (x * 48271) % M;
  return (double) x / (double) M;
}

static void put32(unsigned char *p, uint32_t v) { v = htonl(v); memcpy(p, &v, 4); }

/* Peer p's own address under ADDRESSES=1, 10.x.y.z (announce.lua's ip_of); else 0, the sender's. */
static uint32_t address_of(int p) {
  return addresses ? 10U << 24 | (uint32_t) (((long long) p * 10368889LL) % 16777216LL) : 0;
}
static void put64(unsigned char *p, uint64_t v) { put32(p, (uint32_t) (v >> 32)); put32(p + 4, (uint32_t) v); }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return ntohl(v); }

static uint32_t next_txid(client *c, int slot) {
  c->seq = (c->seq + 1) & 0x7fff;
  return c->seq << 16 | (uint32_t) slot;
}

static void send_connect(client *c, int64_t now) {
  unsigned char b[16];
  c->connect_txid = next_txid(c, CONNECT_SLOT);
  c->connect_sent = now;
  put64(b, 0x41727101980ULL);
  put32(b + 8, 0);
  put32(b + 12, c->connect_txid);
  send(c->fd, b, sizeof b, 0);
}

static void send_announce(client *c, int slot, int64_t now) {
  unsigned char b[98];
  int p = (int) (next_rand() % (uint64_t) peers) + 1;
  unsigned char st = peer_state[p];
  uint32_t event = 0;
  double r = uniform();
  if (!(st & 1)) {
    event = 2; /* started */
    st |= 1;
  } else if (r < stopped) {
    event = 3; /* stopped: the next announce starts again */
    st &= (unsigned char) ~1;
  } else if (!(st & 2) && r < stopped + completed) {
    event = 1; /* completed: a seeder from now on */
    st |= 2;
  }
  peer_state[p] = st;
  uint32_t txid = next_txid(c, slot);
  c->slot_txid[slot] = txid;
  c->slot_sent[slot] = now;
  put64(b, c->cid);
  put32(b + 8, 1);
  put32(b + 12, txid);
  memcpy(b + 16, hashes[peer_torrent[p]], 20);
  memcpy(b + 36, "-qB4650-", 8);
  minstd_bytes(b + 44, 12, p, 2);
  put64(b + 56, 0);                                   /* downloaded */
  put64(b + 64, (st & 2) ? 0 : 1048576);              /* left */
  put64(b + 72, 0);                                   /* uploaded */
  put32(b + 80, event);
  put32(b + 84, address_of(p));                       /* ip: 0, the sender's, or the peer's own */
  put32(b + 88, (uint32_t) (((long long) p * 2654435761LL) % 4294967296LL)); /* key */
  put32(b + 92, (uint32_t) numwant);
  uint16_t port = (uint16_t) (1024 + ((long long) p * 40503) % 64000);
  b[96] = (unsigned char) (port >> 8);
  b[97] = (unsigned char) port;
  send(c->fd, b, sizeof b, 0);
}

static void drain(client *c, int running) {
  unsigned char in[2048];
  for (;;) {
    ssize_t n = recv(c->fd, in, sizeof in, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      continue; /* ECONNREFUSED from an earlier send: the slot's timer covers it */
    }
    if (n < 8) { errors++; continue; }
    uint32_t action = get32(in), txid = get32(in + 4);
    int64_t now = now_ns();
    if ((txid & 0xffff) == CONNECT_SLOT) {
      if (action == 0 && n >= 16 && txid == c->connect_txid) {
        c->cid = (uint64_t) get32(in + 8) << 32 | get32(in + 12);
        c->connected_at = now;
        c->connect_txid = 0;
        if (!c->connected) {
          c->connected = 1;
          for (int s = 0; s < window; s++) send_announce(c, s, now);
        }
      } else if (action != 0) {
        errors++;
      }
      continue;
    }
    int slot = (int) (txid & 0xffff);
    if (slot >= window || c->slot_txid[slot] != txid) continue; /* late: already counted lost */
    if (action == 1 && n >= 20) answered++; else errors++;
    if (running) send_announce(c, slot, now);
  }
}

static void sweep(client *c, int64_t now) {
  int pending = c->connect_txid != 0;
  if (pending && now - c->connect_sent > LOSS_NS) send_connect(c, now);
  else if (!pending && c->connected && now - c->connected_at > RECONNECT_NS) send_connect(c, now);
  if (!c->connected) return;
  for (int s = 0; s < window; s++) {
    if (now - c->slot_sent[s] > LOSS_NS) { lost++; send_announce(c, s, now); }
  }
}

static double env(const char *name, double dflt) {
  const char *v = getenv(name);
  return v && *v ? atof(v) : dflt;
}

static int cmp(const void *a, const void *b) {
  long long x = *(const long long *) a, y = *(const long long *) b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: udp-load HOST PORT SECONDS [SOCKETS=8] [WINDOW=8] [TORRENTS=10000] [NUMWANT=50]\n");
    return 2;
  }
  int seconds = atoi(argv[3]);
  int sockets = argc > 4 ? atoi(argv[4]) : 8;
  window = argc > 5 ? atoi(argv[5]) : 8;
  torrents = argc > 6 ? atoi(argv[6]) : 10000;
  numwant = argc > 7 ? atoi(argv[7]) : 50;
  peers = (int) env("PEERS", 200000);
  zipf_s = env("ZIPF_S", 1.0);
  seeders = env("SEEDERS", 0.33);
  stopped = env("STOPPED", 0.01);
  completed = env("COMPLETED", 0.005);
  addresses = env("ADDRESSES", 0) == 1;
  if (seconds < 1 || sockets < 1 || window < 1 || window >= CONNECT_SLOT || torrents < 1 || peers < 1) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  rng ^= (uint64_t) now_ns() * 2654435761ULL;

  hashes = malloc(sizeof *hashes * (size_t) (torrents + 1));
  double *cdf = malloc(sizeof *cdf * (size_t) (torrents + 1));
  peer_torrent = malloc(sizeof *peer_torrent * (size_t) (peers + 1));
  peer_state = calloc((size_t) peers + 1, 1);
  double sum = 0;
  for (int t = 1; t <= torrents; t++) {
    minstd_bytes(hashes[t], 20, t, 1);
    sum += pow(t, -zipf_s);
    cdf[t] = sum;
  }
  for (int p = 1; p <= peers; p++) {
    double u = minstd_uniform(p, 3) * sum;
    int lo = 1, hi = torrents;
    while (lo < hi) { int mid = (lo + hi) / 2; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
    peer_torrent[p] = lo;
    if (minstd_uniform(p, 4) < seeders) peer_state[p] = 2;
  }

  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[2]))};
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) { fprintf(stderr, "bad host %s\n", argv[1]); return 2; }
  int ep = epoll_create1(0);
  client *clients = calloc((size_t) sockets, sizeof *clients);
  int64_t now = now_ns();
  for (int i = 0; i < sockets; i++) {
    client *c = &clients[i];
    c->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int size = 1 << 20;
    setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (connect(c->fd, (struct sockaddr *) &to, sizeof to) < 0) { perror("connect"); return 1; }
    c->slot_txid = calloc((size_t) window, sizeof *c->slot_txid);
    c->slot_sent = calloc((size_t) window, sizeof *c->slot_sent);
    c->seq = (uint32_t) i * 997;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    send_connect(c, now);
  }

  long long *rates = calloc((size_t) seconds + 1, sizeof *rates);
  int nrates = 0;
  int64_t start = now, next_second = now + 1000000000LL, last_sweep = now;
  long long last = 0;
  int second = 0;
  struct epoll_event events[64];
  while (second < seconds) {
    int n = epoll_wait(ep, events, 64, 20);
    for (int i = 0; i < n; i++) drain(events[i].data.ptr, 1);
    now = now_ns();
    if (now - last_sweep > 100000000LL) {
      last_sweep = now;
      for (int i = 0; i < sockets; i++) sweep(&clients[i], now);
    }
    while (now >= next_second && second < seconds) {
      if (second >= WARMUP) rates[nrates++] = answered - last;
      last = answered;
      second++;
      next_second += 1000000000LL;
    }
  }
  (void) start;
  qsort(rates, (size_t) nrates, sizeof *rates, cmp);
  printf("announces/s median %lld per-second [", nrates ? rates[nrates / 2] : 0);
  for (int i = 0; i < nrates; i++) printf("%s%lld", i ? ", " : "", rates[i]);
  printf("] errors %lld lost %lld total %lld\n", errors, lost, answered);
  return 0;
}
