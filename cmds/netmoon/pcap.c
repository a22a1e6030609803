/* pcap.c - the classic pcap file format (libpcap's savefile): a 24-byte file
 * header, then 16-byte record headers each followed by caplen bytes.
 * Microsecond or nanosecond magic, either byte order. Pure: no syscalls. */
#include "net.h"

static u32 rd32(const u8 *b, int swap)
{
	u32 v = (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
	return swap ? __builtin_bswap32(v) : v;
}
static void wr32(u8 *b, u32 v)
{
	b[0] = (u8)v; b[1] = (u8)(v >> 8); b[2] = (u8)(v >> 16); b[3] = (u8)(v >> 24);
}

int pcap_header(const u8 *b, size_t n, struct pcap_info *pi)
{
	if (n < 4) return PCAP_SHORT;
	u32 m = rd32(b, 0);
	if (m == 0x0a0d0d0a) return PCAP_NG;
	pi->swap = m == 0xd4c3b2a1 || m == 0x4d3cb2a1;
	pi->nano = m == 0xa1b23c4d || m == 0x4d3cb2a1;
	if (!pi->swap && m != 0xa1b2c3d4 && m != 0xa1b23c4d) return PCAP_BADMAGIC;
	if (n < 24) return PCAP_SHORT;
	pi->snaplen = rd32(b + 16, pi->swap);
	u32 lt = rd32(b + 20, pi->swap);
	pi->linktype = lt & 0x03ffffff;     /* the upper bits: FCS length and the like */
	pi->linkext = lt & ~0x03ffffffu;
	return 0;
}

int pcap_record(const struct pcap_info *pi, const u8 h[16], struct pcap_rec *r)
{
	u64 sec = rd32(h, pi->swap), frac = rd32(h + 4, pi->swap);
	r->ts = sec * 1000000000u + (pi->nano ? frac : frac * 1000);
	r->caplen = rd32(h + 8, pi->swap);
	r->wirelen = rd32(h + 12, pi->swap);
	return r->caplen > PCAP_MAX_CAPLEN ? PCAP_BIGREC : 0;
}

const char *pcap_strerr(int code)
{
	return code == PCAP_SHORT ? "truncated pcap file header"
	     : code == PCAP_BADMAGIC ? "not a pcap file (bad magic number)"
	     : code == PCAP_BIGREC ? "record length over 262144 bytes (corrupt file)"
	     : "bad pcap file";
}

int pcap_linktype_ok(u32 lt)
{
	return lt == LT_NULL || lt == LT_ETHERNET || lt == LT_RAW || lt == LT_LINUX_SLL
	    || lt == LT_IPV4 || lt == LT_IPV6 || lt == LT_LINUX_SLL2 || lt == LT_PPP
	    || lt == LT_PPP_HDLC || lt == LT_ARCNET_LINUX || lt == LT_C_HDLC || lt == LT_IEEE802_11
	    || lt == LT_IEEE802_11_RADIO;
}

void pcap_put_header(u8 out[24], u32 snaplen, u32 linktype)
{
	wr32(out, 0xa1b2c3d4); wr32(out + 4, 2 | 4u << 16);   /* version 2.4 */
	wr32(out + 8, 0); wr32(out + 12, 0);
	wr32(out + 16, snaplen); wr32(out + 20, linktype);
}

/* a record header of a file read, as libpcap hands it on (tcpdump -r -w):
   native order, microseconds (nanoseconds divided, as they are, even out
   of range, as signed numbers), caplen as given (clipped to the snapshot length) */
void pcap_convert_record(const struct pcap_info *pi, const u8 in[16], u32 caplen, u8 out[16])
{
	u32 frac = rd32(in + 4, pi->swap);
	wr32(out, rd32(in, pi->swap)); wr32(out + 4, pi->nano ? (u32)((s32)frac / 1000) : frac);
	wr32(out + 8, caplen); wr32(out + 12, rd32(in + 12, pi->swap));
}

void pcap_put_record(u8 out[16], u64 ts, u32 caplen, u32 wirelen)
{
	u64 sec = ts / 1000000000u;
	wr32(out, (u32)sec); wr32(out + 4, (u32)((ts - sec * 1000000000u) / 1000));
	wr32(out + 8, caplen); wr32(out + 12, wirelen);
}
