/*
 * The batched UDP limit: one socket that takes up to 64 datagrams a system call (recvmmsg) and sends
 * their answers in one (sendmmsg), doing no tracker work. It answers as dev.karuta.bench.UdpEcho
 * does: a connect (action 0) with a connect carrying a fixed connection id, anything else of 16 bytes
 * or more with a fixed 26-byte announce answer (interval 1800, one leecher, one seeder, one peer
 * 127.0.0.1:6881); shorter datagrams are dropped.
 *   gcc -O2 -o udp-echo-batched bench/c/udp-echo-batched.c
 *   udp-echo-batched PORT        (0: a free port; prints "udp-echo-batched listening on PORT")
 * Runs until killed. Linux only (recvmmsg/sendmmsg).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64

static void put32(unsigned char *p, uint32_t v) { v = htonl(v); memcpy(p, &v, 4); }
static uint32_t get32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return ntohl(v); }

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: udp-echo-batched PORT\n"); return 2; }
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int size = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(argv[1]))};
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *) &addr, sizeof addr) < 0) { perror("bind"); return 1; }
  socklen_t len = sizeof addr;
  getsockname(fd, (struct sockaddr *) &addr, &len);
  printf("udp-echo-batched listening on %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  static unsigned char in[BATCH][2048], out[BATCH][32];
  static struct sockaddr_in from[BATCH];
  static struct iovec inv[BATCH], outv[BATCH];
  static struct mmsghdr rx[BATCH], tx[BATCH];
  for (int i = 0; i < BATCH; i++) {
    inv[i].iov_base = in[i];
    inv[i].iov_len = sizeof in[i];
    rx[i].msg_hdr.msg_iov = &inv[i];
    rx[i].msg_hdr.msg_iovlen = 1;
    rx[i].msg_hdr.msg_name = &from[i];
  }
  for (;;) {
    for (int i = 0; i < BATCH; i++) rx[i].msg_hdr.msg_namelen = sizeof from[i];
    int n = recvmmsg(fd, rx, BATCH, MSG_WAITFORONE, NULL);
    if (n < 0) { perror("recvmmsg"); continue; }
    int m = 0;
    for (int i = 0; i < n; i++) {
      unsigned char *q = in[i], *a = out[m];
      if (rx[i].msg_len < 16) continue;
      size_t alen;
      if (get32(q + 8) == 0) { /* connect */
        put32(a, 0); memcpy(a + 4, q + 12, 4); put32(a + 8, 0x11223344); put32(a + 12, 0x55667788);
        alen = 16;
      } else {
        put32(a, 1); memcpy(a + 4, q + 12, 4); put32(a + 8, 1800); put32(a + 12, 1); put32(a + 16, 1);
        put32(a + 20, 0x7f000001); a[24] = 6881 >> 8; a[25] = 6881 & 0xff;
        alen = 26;
      }
      outv[m].iov_base = a;
      outv[m].iov_len = alen;
      memset(&tx[m].msg_hdr, 0, sizeof tx[m].msg_hdr);
      tx[m].msg_hdr.msg_iov = &outv[m];
      tx[m].msg_hdr.msg_iovlen = 1;
      tx[m].msg_hdr.msg_name = &from[i];
      tx[m].msg_hdr.msg_namelen = rx[i].msg_hdr.msg_namelen;
      m++;
    }
    for (int sent = 0; sent < m;) {
      int k = sendmmsg(fd, tx + sent, (unsigned) (m - sent), 0);
      if (k <= 0) { sent++; continue; } /* a failed datagram is dropped, as UDP would */
      sent += k;
    }
  }
}
