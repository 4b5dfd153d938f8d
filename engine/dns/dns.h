/* dns - where answers come from and how questions wait: the backends
 * (live resolvers, a lab scenario, a script), the event loop every
 * question runs on, and the lookup of a host name typed by a user. The
 * front ends' one door to this folder; ldns does all wire work below it. */
#ifndef PTRDOCTOR_DNS_H
#define PTRDOCTOR_DNS_H

#include "backend.h"
#include "dig.h"
#include "lookup.h"
#include "loop.h"

#endif
