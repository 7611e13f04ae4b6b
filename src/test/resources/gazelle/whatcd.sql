-- WhatCD/Gazelle's gazelle.sql (OCELOT.md 2.1), cut to the columns Ocelot reads and writes plus
-- NOT NULL columns without a default, which make strict mode refuse a row for a deleted user,
-- torrent or token. xbt_files_users has Ocelot 1.0's PRIMARY KEY (peer_id, fid, uid).
CREATE TABLE users_main (
  ID int(10) unsigned NOT NULL AUTO_INCREMENT,
  Username varchar(20) NOT NULL,
  IP varchar(15) NOT NULL DEFAULT '0.0.0.0',
  Uploaded bigint(20) unsigned NOT NULL DEFAULT '0',
  Downloaded bigint(20) unsigned NOT NULL DEFAULT '0',
  Enabled enum('0','1','2') NOT NULL DEFAULT '0',
  Visible enum('1','0') NOT NULL DEFAULT '1',
  can_leech tinyint(4) NOT NULL DEFAULT '1',
  torrent_pass char(32) NOT NULL,
  FLTokens int(10) NOT NULL DEFAULT '0',
  PRIMARY KEY (ID),
  KEY torrent_pass (torrent_pass)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE torrents (
  ID int(10) NOT NULL AUTO_INCREMENT,
  GroupID int(10) NOT NULL,
  UserID int(10) DEFAULT NULL,
  info_hash blob NOT NULL,
  Leechers int(6) NOT NULL DEFAULT '0',
  Seeders int(6) NOT NULL DEFAULT '0',
  last_action datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  FreeTorrent enum('0','1','2') NOT NULL DEFAULT '0',
  FreeLeechType enum('0','1','2','3','4','5','6','7') NOT NULL DEFAULT '0',
  Time datetime NOT NULL,
  Snatched int(10) unsigned NOT NULL DEFAULT '0',
  balance bigint(20) NOT NULL DEFAULT '0',
  PRIMARY KEY (ID),
  UNIQUE KEY InfoHash (info_hash(40)),
  KEY GroupID (GroupID)
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
  upspeed int(10) unsigned NOT NULL DEFAULT '0',
  downspeed int(10) unsigned NOT NULL DEFAULT '0',
  corrupt bigint(20) NOT NULL DEFAULT '0',
  timespent int(10) unsigned NOT NULL DEFAULT '0',
  useragent varchar(51) NOT NULL DEFAULT '',
  connectable tinyint(4) NOT NULL DEFAULT '1',
  peer_id binary(20) NOT NULL DEFAULT '',
  fid int(11) NOT NULL,
  mtime int(11) NOT NULL DEFAULT '0',
  ip varchar(15) NOT NULL DEFAULT '',
  PRIMARY KEY (peer_id, fid, uid),
  KEY remaining_idx (remaining),
  KEY fid_idx (fid),
  KEY mtime_idx (mtime),
  KEY uid_active (uid, active)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE xbt_snatched (
  uid int(11) NOT NULL DEFAULT '0',
  tstamp int(11) NOT NULL,
  fid int(11) NOT NULL,
  IP varchar(15) NOT NULL,
  KEY fid (fid),
  KEY tstamp (tstamp),
  KEY uid_tstamp (uid, tstamp)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
