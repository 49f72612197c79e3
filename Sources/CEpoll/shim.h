#ifndef RWB_CEPOLL_SHIM_H
#define RWB_CEPOLL_SHIM_H
/* Swift's Glibc module leaves out <sys/epoll.h>; rwb bench's socket loop needs it. */
#include <sys/epoll.h>
#endif
