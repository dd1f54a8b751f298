#!/usr/bin/env bash
# Builds the root file system of an image "FROM scratch": a jlinked Java runtime plus the few shared libraries it
# links against, laid out as the image will see them.
#
#   deploy/images/build-runtime.sh <output-dir>
#
# <output-dir> receives opt/java (the runtime), lib/x86_64-linux-gnu and lib64 (glibc and friends, copied from this
# machine) and an empty tmp. The `images-offline` Maven profile adds that tree to the image with Jib, so no base image
# has to be pulled from a registry. Needs a JDK with jmods (Debian: `apt-get install openjdk-17-jmods`).
set -euo pipefail

OUT=${1:?usage: build-runtime.sh <output-dir>}
JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JLINK="$JAVA_HOME/bin/jlink"

# What Spring Boot, Tomcat, Redisson/Netty, the Kafka client and jjwt use at run time. jdk.crypto.ec holds the EC
# curves of ES256 on JDK 17; jdk.unsupported is sun.misc.Unsafe for Netty and Caffeine; java.desktop is java.beans.
MODULES=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,\
java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,\
jdk.crypto.ec,jdk.crypto.cryptoki,jdk.charsets,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,\
jdk.zipfs

if [ ! -d "$JAVA_HOME/jmods" ]; then
  echo "build-runtime: $JAVA_HOME/jmods is missing; install the JDK's jmods (Debian: openjdk-17-jmods)" >&2
  exit 1
fi

STAMP="$OUT/.runtime-modules"
if [ -x "$OUT/opt/java/bin/java" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$JAVA_HOME $MODULES" ]; then
  echo "build-runtime: $OUT is up to date"
  exit 0
fi

rm -rf "$OUT"
mkdir -p "$OUT/opt" "$OUT/tmp"
"$JLINK" --module-path "$JAVA_HOME/jmods" --add-modules "$MODULES" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$OUT/opt/java"

# Some distributions link the JDK's files to the system (cacerts, tzdata): make every link a real file, since the
# image has no /etc/ssl or /usr/share to point at.
find "$OUT/opt/java" -type l | while read -r link; do
  target=$(readlink -f "$link")
  rm "$link"
  if [ -e "$target" ]; then cp -L "$target" "$link"; fi
done

# java.desktop is here for java.beans only: drop its AWT, font and sound libraries (a server is headless), and with
# them their dependencies on X11 and friends.
find "$OUT/opt/java/lib" -maxdepth 1 \( -name 'libawt*' -o -name 'libfontmanager*' -o -name 'libjavajpeg*' \
  -o -name 'liblcms*' -o -name 'libmlib_image*' -o -name 'libsplashscreen*' -o -name 'libjsound*' \) -delete

# The runtime is dynamically linked against glibc (and, on Debian, the system zlib): copy every library that the
# launcher and the runtime's own libraries need, plus the dynamic loader, to the paths the loader searches.
mkdir -p "$OUT/lib/x86_64-linux-gnu" "$OUT/lib64"
find "$OUT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) -print0 |
  xargs -0 ldd 2>/dev/null | awk '/=> \// { print $3 } /^\s*\/lib64\// { print $1 }' | sort -u |
  while read -r lib; do
    case "$lib" in
      */ld-linux-x86-64.so.2) cp -L "$lib" "$OUT/lib64/ld-linux-x86-64.so.2" ;;
      "$OUT"/*) ;; # the runtime's own libraries
      *) cp -L "$lib" "$OUT/lib/x86_64-linux-gnu/$(basename "$lib")" ;;
    esac
  done
if [ ! -f "$OUT/lib64/ld-linux-x86-64.so.2" ]; then
  cp -L /lib64/ld-linux-x86-64.so.2 "$OUT/lib64/ld-linux-x86-64.so.2"
fi

# Names for the non-root user the image runs as, so tools that look the user up find it.
mkdir -p "$OUT/etc"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:65532:65532:app:/tmp:/sbin/nologin\n' > "$OUT/etc/passwd"
printf 'root:x:0:\napp:x:65532:\n' > "$OUT/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$OUT/etc/nsswitch.conf"

"$OUT/opt/java/bin/java" -version 2>&1 | head -1 | sed 's/^/build-runtime: /'
echo "$JAVA_HOME $MODULES" > "$STAMP"
du -sh "$OUT" | sed 's/^/build-runtime: /'
