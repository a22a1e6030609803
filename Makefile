# peachykeen32 - freestanding, libc-free ARM32 Linux tools. Every flag is
# explained in linker-free-notes.md.
CROSS_COMPILE ?= arm-linux-gnueabihf-
CC      := $(CROSS_COMPILE)gcc
OBJCOPY := $(CROSS_COMPILE)objcopy
HOSTCC  ?= gcc
PREFIX  ?= /usr/local
DESTDIR ?=
B       ?= build
export B

# a command is cmds/NAME.c, or a folder cmds/NAME/ whose main.c holds main
CMDS := $(sort $(patsubst cmds/%.c,%,$(wildcard cmds/*.c)) $(patsubst cmds/%/main.c,%,$(wildcard cmds/*/main.c)))

# code generation: ARMv6 ARM state, no FPU needed, no libc, no PIE
ARCH_FLAGS := -march=armv6 -marm -mfloat-abi=soft
CFLAGS ?= -Os
CFLAGS += $(ARCH_FLAGS) -std=gnu11 -ffreestanding -fno-pie -fno-plt \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-ffunction-sections -fdata-sections -fno-tree-loop-distribute-patterns \
	-fstack-protector-strong -fno-common -Wall -Wextra -Werror -Irt
LDFLAGS := -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,-z,norelro -Wl,-z,max-page-size=4096

RT_SRC := rt/crt.c rt/mem.c rt/div.c rt/fmt.c rt/out.c rt/err.c rt/opt.c rt/ids.c rt/stat.c
RT_OBJ := $(B)/obj/rt/start.o $(RT_SRC:%.c=$(B)/obj/%.o)
# netmoon, one file per stage; its pure parts (no syscalls: decoding,
# tracking, formatting, pcap framing, the filter compiler) also build for
# the host, for the unit tests and the fuzzers
NM_SRC   := $(wildcard cmds/netmoon/*.c)
NM_SHELL := $(wildcard $(addprefix cmds/netmoon/,main.c capture.c offline.c view.c sandbox.c collector.c resolver.c))
NM_PURE  := $(filter-out $(NM_SHELL),$(NM_SRC))
HDRS   := $(wildcard rt/*.h cmds/netmoon/*.h)
BINS   := $(CMDS:%=$(B)/bin/%)

.SECONDARY:
.PHONY: all size install deps test test-host bench demo clean initramfs kernel boot fuzz fuzzers FORCE
all: $(BINS) $(B)/test/rt_test $(B)/test/abi_check $(B)/host/host_test $(B)/host/netmoon_test $(B)/test/boothelp \
	$(B)/initramfs.cpio.xz

$(B)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Icmds/netmoon -c -o $@ $<
$(B)/obj/rt/start.o: rt/start.S
	@mkdir -p $(@D)
	$(CC) $(ARCH_FLAGS) -c -o $@ $<

# build/elf keeps symbols (tests inspect them); build/bin is what users copy
$(B)/elf/%: $(B)/obj/cmds/%.o $(RT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
$(B)/elf/netmoon: $(NM_SRC:%.c=$(B)/obj/%.o) $(RT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
$(B)/bin/%: $(B)/elf/%
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-all --remove-section=.comment --remove-section=.ARM.attributes $< $@

$(B)/obj/tests/rt_test.o: tests/rt_checks.h
$(B)/test/rt_test: $(B)/obj/tests/rt_test.o $(RT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
$(B)/test/boothelp: $(B)/obj/tests/boothelp.o $(RT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# every command in one binary for the initramfs (rt/multi.c): the same
# sources, built with -DPK_MULTI, each main renamed main_NAME, as Thumb code
# (27% smaller, somewhat slower; -fno-jump-tables: Thumb-1 switch tables
# would need libgcc's helpers), optimized across files (-flto), without the
# scheduling and block reordering that make code less compressible
M := $(B)/mobj
MULTI_ISA := -mthumb -fno-jump-tables -fno-schedule-insns2 -fno-reorder-blocks -flto=auto
MULTI_OBJ := $(M)/rt/multi.o $(patsubst %,$(M)/cmds/%.o,$(filter-out netmoon,$(CMDS))) \
	$(NM_SRC:%.c=$(M)/%.o) $(M)/rt/start.o $(RT_SRC:%.c=$(M)/%.o)
$(M)/cmds/%.o: cmds/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(MULTI_ISA) -DPK_MULTI -Dmain=main_$* -c -o $@ $<
# netmoon there is the live monitor (NM_LIVE_ONLY: no -r, -w, -s, -d; netmoon.h)
$(M)/cmds/netmoon/%.o: cmds/netmoon/%.c $(HDRS) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(MULTI_ISA) -Icmds/netmoon -DPK_MULTI -DNM_LIVE_ONLY -Dmain=main_netmoon -c -o $@ $<
$(M)/rt/multi.o: rt/multi.c $(HDRS) Makefile
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(MULTI_ISA) -Irt -DPK_MULTI '-DPK_MULTI_CMDS=$(foreach c,$(CMDS),C($(c)))' -c -o $@ $<
$(M)/rt/start.o: rt/start.S
	@mkdir -p $(@D)
	$(CC) $(ARCH_FLAGS) -c -o $@ $<
$(M)/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(MULTI_ISA) -DPK_MULTI -c -o $@ $<
$(B)/elf/pk: $(MULTI_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(MULTI_ISA) $(LDFLAGS) -o $@ $^
$(B)/multi/pk: $(B)/elf/pk
	@mkdir -p $(@D)
	$(OBJCOPY) --strip-all --remove-section=.comment --remove-section=.ARM.attributes $< $@

# the initramfs: /init and the toolkit in /bin, an xz'd newc cpio, the
# same bytes from the same inputs (tools/initramfs.sh, tools/mkcpio.c)
$(B)/host/mkcpio: tools/mkcpio.c
	@mkdir -p $(@D)
	$(HOSTCC) -O2 -Wall -Wextra -o $@ $<
# MODULES="NAME[,PARAM=VALUE]..." adds kernel modules and what they depend
# on, from the Debian kernel (README, Boards); the stamp makes the image
# follow a change of MODULES, so a plain make builds the plain one again
MODULES ?=
$(B)/initramfs.modules: FORCE
	@mkdir -p $(@D); echo '$(MODULES)' | cmp -s - $@ || echo '$(MODULES)' > $@
$(B)/initramfs.cpio.xz: $(B)/multi/pk tools/initramfs.sh $(B)/host/mkcpio $(B)/initramfs.modules
	MODULES='$(MODULES)' tools/initramfs.sh $@
initramfs: $(B)/initramfs.cpio.xz
kernel:
	tools/kernel.sh
# boot it on a real ARM kernel (Debian's armmp) in qemu-system-arm; the
# serial console is this terminal: Ctrl-A X quits qemu. NET=1: a virtio NIC
# on qemu's user network (the guest is 10.0.2.15, the host 10.0.2.2; host
# ports 8080 and 5353 lead to the guest's 80 and 53), its driver's modules
# in the image, the address on the kernel command line
comma := ,
NET_MODULES := virtio_mmio virtio_net
NET_QEMU := -netdev user$(comma)id=n0$(comma)hostfwd=tcp::8080-:80$(comma)hostfwd=udp::5353-:53 \
	-device virtio-net-device$(comma)netdev=n0
boot:
	tools/deps.sh
	tools/kernel.sh
	$(MAKE) all $(if $(NET),MODULES="$(or $(MODULES),$(NET_MODULES))")
	qemu-system-arm -M virt -m 256 -nographic -no-reboot $(if $(NET),$(NET_QEMU),-nic none) \
		-kernel $(B)/kernel/vmlinuz -initrd $(B)/initramfs.cpio.xz \
		-append "console=ttyAMA0 rdinit=/init quiet$(if $(NET), pk.ip=eth0:10.0.2.15/24:10.0.2.2)"

# tests/host_test.c: the pure code, built for the host with sanitizers: rt/'s
# formatting, option parsing and sort, the cores of hexdump and sysinfo
# (-DPK_CORE_ONLY leaves their shells out), netmoon's pure parts
HOST_CORE := cmds/hexdump.c cmds/sysinfo.c
$(B)/host/host_test: tests/host_test.c tests/rt_checks.h rt/fmt.c rt/opt.c $(HOST_CORE) $(NM_PURE) $(HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) -O1 -g -std=gnu11 -Wall -Wextra -Werror -fno-builtin -Irt -Icmds/netmoon \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-DPK_CORE_ONLY -o $@ tests/host_test.c rt/fmt.c rt/opt.c $(HOST_CORE) $(NM_PURE)
# netmoon's pure parts alone (decoding, tracking, text, pcap framing)
NM_TEST := tests/netmoon_test.c tests/decode_test.c tests/analyze_test.c tests/name_test.c tests/owner_test.c
$(B)/host/netmoon_test: $(NM_TEST) tests/netmoon_test.h tests/owner_fixtures.h rt/fmt.c $(NM_PURE) $(HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) -O1 -g -std=gnu11 -Wall -Wextra -Werror -fno-builtin -Irt -Icmds/netmoon \
		-fsanitize=address,undefined -fno-sanitize-recover=all \
		-DPK_CORE_ONLY -o $@ $(NM_TEST) rt/fmt.c $(NM_PURE)

# libFuzzer harnesses (tests/fuzz/), host clang with ASan and UBSan:
# make fuzz FUZZ_SECONDS=60 runs each that long (tools/fuzz.sh)
FUZZERS := decode pcap filter hexdump args name stream owner
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
$(B)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(NM_PURE) rt/fmt.c rt/opt.c cmds/hexdump.c $(HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -std=gnu11 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Irt -Icmds/netmoon -DPK_CORE_ONLY -o $@ tests/fuzz/$*.c $(NM_PURE) rt/fmt.c rt/opt.c
fuzzers: $(FUZZERS:%=$(B)/fuzz/%)
fuzz: $(FUZZERS:%=$(B)/fuzz/%)
	tools/fuzz.sh $(FUZZ_SECONDS) $(FUZZERS)

size: $(BINS) $(B)/initramfs.cpio.xz
	@printf '%-10s %8s\n' binary bytes; for b in $(BINS); do \
		printf '%-10s %8s\n' $${b##*/} $$(stat -c %s $$b); done
	@printf '%-10s %8s  (every command in one Thumb binary, rt/multi.c)\n' pk $$(stat -c %s $(B)/multi/pk)
	@printf '%-10s %8s  (xz, the whole toolkit)\n' initramfs $$(stat -c %s $(B)/initramfs.cpio.xz)

install: $(BINS)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/

deps:
	tools/deps.sh

# test, demo and bench install what is missing first (quick when nothing is)
test:
	tools/deps.sh
	$(MAKE) all
	tests/run

bench:
	tools/deps.sh
	$(MAKE) all
	tools/bench.sh

demo:
	tools/deps.sh
	$(MAKE) all
	tools/demo.sh

clean:
	rm -rf $(B)

# the ABI table, compiled against the kernel's uapi headers and against ours
$(B)/obj/tests/abi_kernel.o: tests/abi_check.c tests/abi_shim/sys/socket.h tests/abi_shim/limits.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DKERNEL -Itests/abi_shim -c -o $@ $<
$(B)/test/abi_check: $(B)/obj/tests/abi_check.o $(B)/obj/tests/abi_kernel.o $(RT_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^
