rc=0
--- stdout
'bird_conf' is set to a symbolic link (@TMP@/link.conf -> @TMP@/real/4.conf, but we will use the canonical path of that link
@TMP@/real/history is created
OK
--- stderr
