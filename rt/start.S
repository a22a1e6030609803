@ start.S - the whole startup code: four ARM instructions, 16 bytes.
@ The kernel enters here with sp pointing at argc, then argv[], NULL, envp[],
@ NULL, auxv pairs (see linker-free-notes.md). sp is already 16-byte aligned
@ and .bss already zeroed, so there is nothing to set up: hand sp to C and
@ exit with whatever C returns.
	.section .text._start, "ax", %progbits
	.arm
	.global _start
	.type _start, %function
_start:
	mov	r0, sp		@ r0 = &argc
	bl	pk_cstart	@ returns main's result in r0
	mov	r7, #248	@ __NR_exit_group
	svc	#0
	.size _start, . - _start
	.section .note.GNU-stack, "", %progbits
