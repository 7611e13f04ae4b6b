-- OPSnet/Gazelle's schema after its phinx migrations (OCELOT.md 2.1), cut to the columns Ocelot 2.x
-- reads and writes plus NOT NULL columns without a default: users_main and torrents without the
-- accounting columns, which live in users_leech_stats and torrents_leech_stats (foreign keys, so a
-- row for a deleted user or torrent is refused); xbt_files_users with PRIMARY KEY (fid, uid,
-- peer_id) and signed speeds; xbt_snatched with its own key and seedtime.
CREATE TABLE users_main (
  ID int(10) unsigned NOT NULL AUTO_INCREMENT,
  Username varchar(20) NOT NULL,
  IP varchar(15) NOT NULL DEFAULT '0.0.0.0',
  Enabled enum('0','1','2') NOT NULL DEFAULT '0',
  Visible enum('1','0') NOT NULL DEFAULT '1',
  can_leech tinyint(4) NOT NULL DEFAULT '1',
  torrent_pass char(32) NOT NULL,
  PRIMARY KEY (ID),
  KEY torrent_pass (torrent_pass)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users_leech_stats (
  UserID int(10) unsigned NOT NULL,
  Uploaded bigint(20) unsigned NOT NULL DEFAULT '0',
  Downloaded bigint(20) unsigned NOT NULL DEFAULT '0',
  PRIMARY KEY (UserID),
  CONSTRAINT users_leech_stats_ibfk_1 FOREIGN KEY (UserID) REFERENCES users_main (ID) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE torrents (
  ID int(10) NOT NULL AUTO_INCREMENT,
  GroupID int(10) NOT NULL,
  UserID int(10) DEFAULT NULL,
  info_hash blob NOT NULL,
  FreeTorrent enum('0','1','2') NOT NULL DEFAULT '0',
  FreeLeechType enum('0','1','2','3','4','5','6','7') NOT NULL DEFAULT '0',
  Time datetime NOT NULL,
  PRIMARY KEY (ID),
  UNIQUE KEY InfoHash (info_hash(40)),
  KEY GroupID (GroupID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE torrents_leech_stats (
  TorrentID int(10) NOT NULL,
  Seeders int(10) unsigned NOT NULL DEFAULT '0',
  Leechers int(10) unsigned NOT NULL DEFAULT '0',
  Snatched int(10) unsigned NOT NULL DEFAULT '0',
  Balance bigint(20) NOT NULL DEFAULT '0',
  last_action datetime DEFAULT NULL,
  PRIMARY KEY (TorrentID),
  CONSTRAINT torrents_leech_stats_ibfk_1 FOREIGN KEY (TorrentID) REFERENCES torrents (ID) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users_freeleeches (
  UserID int(10) NOT NULL,
  TorrentID int(10) NOT NULL,
  Time datetime NOT NULL,
  Expired tinyint(1) NOT NULL DEFAULT '0',
  Downloaded bigint(20) NOT NULL DEFAULT '0',
  Uses int(10) NOT NULL DEFAULT '1',
  PRIMARY KEY (UserID, TorrentID),
  KEY Time (Time),
  KEY Expired_Time (Expired, Time)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE xbt_client_whitelist (
  id int(10) unsigned NOT NULL AUTO_INCREMENT,
  peer_id varchar(20) DEFAULT NULL,
  vstring varchar(200) DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY peer_id (peer_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE xbt_files_users (
  uid int(11) NOT NULL,
  active tinyint(1) NOT NULL DEFAULT '1',
  announced int(11) NOT NULL DEFAULT '0',
  completed tinyint(1) NOT NULL DEFAULT '0',
  downloaded bigint(20) NOT NULL DEFAULT '0',
  remaining bigint(20) NOT NULL DEFAULT '0',
  uploaded bigint(20) NOT NULL DEFAULT '0',
  upspeed int(10) NOT NULL DEFAULT '0',
  downspeed int(10) NOT NULL DEFAULT '0',
  corrupt bigint(20) NOT NULL DEFAULT '0',
  timespent int(10) NOT NULL DEFAULT '0',
  useragent varchar(51) NOT NULL DEFAULT '',
  connectable tinyint(4) NOT NULL DEFAULT '1',
  peer_id binary(20) NOT NULL DEFAULT '',
  fid int(11) NOT NULL,
  mtime int(11) NOT NULL DEFAULT '0',
  ip varchar(15) NOT NULL DEFAULT '',
  PRIMARY KEY (fid, uid, peer_id),
  KEY remaining_idx (remaining),
  KEY mtime_idx (mtime),
  KEY uid_active (uid, active),
  KEY xfu_ip_idx (ip)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE xbt_snatched (
  xbt_snatched_id int(11) NOT NULL AUTO_INCREMENT,
  uid int(11) NOT NULL DEFAULT '0',
  tstamp int(11) NOT NULL,
  fid int(11) NOT NULL,
  IP varchar(15) NOT NULL,
  seedtime int(11) NOT NULL DEFAULT '0',
  PRIMARY KEY (xbt_snatched_id),
  KEY fid (fid),
  KEY tstamp (tstamp),
  KEY uid_tstamp (uid, tstamp)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
