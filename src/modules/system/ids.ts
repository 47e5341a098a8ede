/**
 * `ids.uids` and `ids.gids`: NixOS's table of fixed user and group ids
 * (nixos/modules/misc/ids.nix, which system-manager imports), so that a
 * configuration reading `config.ids.gids.users` or
 * `config.ids.uids.nixbld` gets what it gets on NixOS. The values are
 * ordinary definitions: a module may add ids, and giving a name a second,
 * different id is a conflict, as on NixOS. Note that system-manager's
 * default groups do not all take these gids (users-default-groups.ts).
 */
import { jsLib as lib } from "../../module-system/js-lib.ts";

const { mkOption, types } = lib;

/** "name id name id …" → { name: id }. */
function table(text: string): Record<string, number> {
  const words = text.trim().split(/\s+/);
  const out: Record<string, number> = {};
  for (let i = 0; i < words.length; i += 2) out[words[i] as string] = Number(words[i + 1]);
  return out;
}

export const NIXOS_UIDS = table(`
  activemq 86 aerospike 111 alerta 310 amule 90 aria2 277 asterisk 192 atd 12 automatic-timezoned 326
  avahi-autoipd 231 bacula 81 bepasty 215 bosun 161 caddy 239 cadvisor 167 calibre-server 213 cassandra 300
  ceph 288 cfdyndns 227 cfssl 299 chrony 61 clamav 51 clickhouse 278 cockroachdb 313 couchdb 106 cups 36
  datadog 76 davfs2 31 deluge 83 dictd 105 disnix 33 distcc 321 dovecot 15 dovecot2 46 dovenull2 47 dspam 222
  duplicati 289 ejabberd 219 elasticsearch 92 exim 172 fcron 273 firebird 95 foldingathome 37 foundationdb 118
  freenet 79 ftp 8 gdm 132 git 41 gitlab 165 gitlab-runner 257 gitolite 127 gnunet 87 gocd-agent 251
  gocd-server 252 gpsd 23 grafana 196 graphite 68 hadoop 297 haldaemon 5 hass 286 hbase 158 hdfs 295
  headphones 266 hqplayer 319 hydra 122 hydra-queue-runner 235 hydra-www 236 i2p 190 i2pd 150 ihaskell 189
  infinoted 264 influxdb 125 iodined 66 ipfs 261 ircd 80 jackett 276 jenkins 109 kanboard 281 kapacitor 308
  kodi 283 kubernetes 162 lambdabot 191 leaps 260 lidarr 306 lightdm 78 lighttpd 77 liquidsoap 155 lirc 305
  localtimed 325 mapred 296 matrix-synapse 224 mattermost 254 mediatomb 187 messagebus 4 mighttpd2 285
  minetest 311 minidlna 91 minio 280 mjpg-streamer 233 mlmmj 135 monetdb 290 moonraker 320 mopidy 130
  mosquitto 246 mpd 50 munin 102 murmur 117 mysql 84 nagios 11 namecoin 208 newrelic 119 nginx 60
  nixbld 30000 nm-openvpn 217 nobody 65534 nsd 126 nslcd 58 nylon 168 nzbget 245 octoprint 230 oidentd 88
  opendkim 221 opentsdb 159 openvpn 292 osgi 34 paperless 315 pdnsd 229 peerflix 163 pipewire 323 plex 193
  plexpy 195 polkituser 28 postfix 13 postgres 71 postgrey 258 postsrsd 220 prometheus 255 prosody 149
  pulseaudio 22 qemu-libvirtd 301 quassel 89 rabbitmq 85 radarr 275 redmine 147 restic 291 riemann 137
  riemanndash 138 riemanntools 203 root 0 rpc 271 rslsync 279 rspamd 225 rss2email 312 rstudio-server 324
  scanner 59 scollector 160 sddm 175 sickbeard 265 siproxd 134 skydns 197 slurm 307 smbguest 74 smtpd 63
  smtpq 64 sniproxy 244 sonarr 274 spamd 56 spiped 123 starbound 120 subsonic 204 supybot 65 syncthing 237
  systemd-coredump 151 systemd-journal-gateway 110 systemd-network 152 systemd-resolve 153 systemd-timesync 154
  taskd 240 tcpcryptd 93 teamspeak 124 telegraf 256 terraria 253 tomcat 16 tor 35 transmission 70
  turnserver 249 uptimed 184 uucp 19 uwsgi 201 varnish 75 vault 115 webdav 322 wwwrun 54 yandexdisk 143
  yarn 294 zabbix 180 zigbee2mqtt 317 znc 128 zoneminder 314
`);

export const NIXOS_GIDS = table(`
  activemq 86 adm 55 aerospike 111 alerta 310 amule 90 aria2 277 asterisk 192 atd 12 audio 17
  automatic-timezoned 326 bacula 81 bepasty 215 bosun 161 caddy 239 calibre-server 213 cassandra 300 cdrom 24
  ceph 288 cfdyndns 227 cfssl 299 chrony 61 clamav 51 clickhouse 278 clock 327 cockroachdb 313 couchdb 106
  datadog 76 davfs2 31 deluge 83 dialout 27 dictd 105 disk 6 disnix 33 distcc 321 docker 131 dovecot 15
  dovecot2 46 dovenull2 47 dspam 222 duplicati 289 ejabberd 219 elasticsearch 92 exim 172 fcron 273
  firebird 95 floppy 18 foundationdb 118 fourstore 42 fourstorehttp 43 freenet 79 ftp 8 gdm 132 git 41
  gitit 202 gitlab 165 gitlab-runner 257 gitolite 127 gnunet 87 gocd-agent 251 gocd-server 252 gpsd 23
  graphite 68 hadoop 297 haldaemon 5 hass 286 hbase 158 hdfs 295 headphones 266 hqplayer 319 hydra 122
  i2p 190 i2pd 150 ihaskell 189 infinoted 264 influxdb 125 input 174 iodined 66 ipfs 261 ircd 80
  jackett 276 jenkins 109 kanboard 281 kapacitor 308 keys 96 kmem 2 kodi 283 kubernetes 162 kvm 302
  lambdabot 191 leaps 260 libvirtd 67 lidarr 306 lightdm 78 lighttpd 77 liquidsoap 155 lirc 305
  localtimed 325 lp 20 mapred 296 mathics 218 matrix-synapse 224 mattermost 254 mediatomb 187 messagebus 4
  mighttpd2 285 minetest 311 minidlna 91 minio 280 mlmmj 135 monetdb 290 moonraker 320 mopidy 130
  mosquitto 246 mpd 50 munin 102 murmur 117 mysql 84 namecoin 208 networkmanager 57 newrelic 119 nginx 60
  nixbld 30000 nm-openvpn 217 nogroup 65534 nsd 126 nslcd 58 nylon 168 nzbget 245 octoprint 230 oidentd 88
  onepassword 31001 onepassword-cli 31002 opendkim 221 opentsdb 159 openvpn 292 osgi 34 paperless 315
  pdnsd 229 pipewire 323 plex 193 postdrop 14 postfix 13 postgres 71 postgrey 258 postsrsd 220 proc 21
  prometheus 255 prosody 149 pulseaudio 22 qemu-libvirtd 301 quassel 89 rabbitmq 85 radarr 275 redmine 147
  render 303 restic 291 riemann 137 riemanndash 138 riemanntools 203 root 0 rslsync 279 rspamd 225
  rss2email 312 rstudio-server 324 scanner 59 scollector 160 sddm 175 sgx 304 shadow 318 sickbeard 265
  siproxd 134 slurm 307 smbguest 74 smtpd 63 smtpq 64 sniproxy 244 sonarr 274 spamd 56 spiped 123
  starbound 120 subsonic 204 supybot 65 syncthing 237 systemd-journal 62 systemd-journal-gateway 110
  systemd-network 152 systemd-resolve 153 systemd-timesync 154 tape 25 taskd 240 teamspeak 124 terraria 253
  tomcat 16 tor 35 transmission 70 tty 3 turnserver 249 uhub 142 users 100 utmp 29 uucp 19 uwsgi 201
  varnish 75 vault 115 vboxsf 73 vboxusers 72 video 26 virtuoso 44 webdav 322 wheel 1 wwwrun 54 yarn 294
  zabbix 180 zigbee2mqtt 317 znc 128 zoneminder 314
`);

export const idsModule = {
  _file: "system-manager/modules/ids.ts",
  options: {
    ids: {
      uids: mkOption({ type: types.attrsOf(types.ints.u32), internal: true, description: "The user IDs used in NixOS." }),
      gids: mkOption({ type: types.attrsOf(types.ints.u32), internal: true, description: "The group IDs used in NixOS." }),
    },
  },
  config: { ids: { uids: NIXOS_UIDS, gids: NIXOS_GIDS } },
};
