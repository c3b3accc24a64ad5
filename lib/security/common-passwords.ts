// The bundled common-password list: a new password is checked against it, offline.
// Rather than ship a long data file, the list is generated at module load from readable base lists:
// the classic English leaks, Chinese pinyin words and surnames, number patterns popular in China
// (5201314 "我爱你一生一世", 1314520, 147258369 …) and keyboard walks, each combined with the
// suffixes people bolt on to satisfy a complexity rule ("Password123!", "Admin@123", "woaini1314").
// Everything is lower case: checkPasswordStrength compares the lower-cased password.

/** Classic English passwords (the top of every published leak list) and their usual spellings. */
const ENGLISH = [
  "password", "passwd", "passw0rd", "p@ssw0rd", "p@ssword", "p@$$w0rd", "pa55word", "pass", "qwerty",
  "iloveyou", "iloveu", "loveyou", "admin", "adm1n", "administrator", "root", "toor", "welcome",
  "letmein", "monkey", "dragon", "master", "sunshine", "princess", "football", "baseball", "basketball",
  "soccer", "shadow", "superman", "batman", "spiderman", "trustno1", "hello", "helloworld", "freedom",
  "whatever", "michael", "jennifer", "jessica", "charlie", "jordan", "hunter", "ranger", "buster",
  "harley", "tigger", "killer", "starwars", "pokemon", "computer", "internet", "secret", "login",
  "test", "tester", "testing", "guest", "user", "default", "changeme", "system", "manager", "love",
  "lovely", "angel", "flower", "summer", "winter", "spring", "autumn", "apple", "orange", "banana",
  "cheese", "cookie", "chocolate", "pepper", "ginger", "maggie", "daniel", "thomas", "andrew", "robert",
  "matthew", "joshua", "ashley", "nicole", "michelle", "hannah", "samsung", "google", "microsoft",
  "windows", "linux", "oracle", "mysql", "server", "network", "office", "company", "money", "lucky",
  "happy", "smile", "friend", "family", "babygirl", "mustang", "access", "ninja", "azerty",
  "solo", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsx", "abc", "abcd", "abcde", "abcdef", "abcdefg",
  "security", "secure", "super", "superuser", "sysadmin", "operator", "support", "service", "public",
  "private", "temp", "temppass", "demo", "sample", "example", "passport",
];

/** Chinese pinyin words, place names and the names common on Chinese leak lists. */
const PINYIN = [
  "woaini", "woaiwojia", "woaiwoma", "aini", "aiqing", "xingfu", "kuaile", "pingan", "tiantian",
  "nihao", "nihaoma", "zhongguo", "china", "zhonghua", "beijing", "shanghai", "guangzhou", "shenzhen",
  "tianjin", "chongqing", "hangzhou", "nanjing", "wuhan", "chengdu", "xian", "guangxi", "nanning",
  "guilin", "liuzhou", "wuzhou", "beihai", "yulin", "baobao", "baobei", "qinai", "laopo", "laogong",
  "xiaoming", "xiaohong", "xiaobao", "zhangsan", "lisi", "wangwu", "mima", "mimamima", "wodemima",
  "baidu", "taobao", "tencent", "weixin", "wechat", "alipay", "zhifubao", "hao123", "jiayou", "fendou",
  "dongfang", "longlong", "mingzi", "shengri",
];

/** Words a password in this product is likely to be built from (the app, its users and their work). */
const DOMAIN = [
  "jixiao", "jixiaotong", "caizheng", "caizhengju", "yusuan", "zhengfu", "gov", "govcn", "shenji",
  "anquan", "guanliyuan", "xitong", "danwei", "bumen", "kuaiji", "caiwu", "zhangwu", "xiangmu",
];

/** The most common Chinese surnames; "wang123", "zhang123", "li123456" are staples of Chinese leaks. */
const SURNAMES = [
  "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu",
  "hu", "guo", "he", "lin", "luo", "gao", "liang", "zheng", "xie", "song", "tang", "han", "feng", "deng",
];

/** Number and keyboard patterns that are passwords on their own. */
const PATTERNS = [
  "123456", "1234567", "12345678", "123456789", "1234567890", "0123456789", "12345", "1234", "654321",
  "987654321", "0987654321", "123123", "123321", "123654", "112233", "11223344", "121212", "123qwe",
  "qwe123", "asd123", "zxc123", "1q2w3e", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "1qaz2wsx", "1qazxsw2",
  "zaq12wsx", "!qaz2wsx", "1qaz@wsx", "1qaz2wsx3edc", "qazwsxedc", "qwer1234", "asdf1234", "zxcv1234",
  "qweasd", "qweasdzxc", "asdfgh", "zxcvbn", "qwerty123", "5201314", "1314520", "520520", "521521",
  "5211314", "1314521", "7758521", "7758258", "147258", "147258369", "159357", "159753", "258369",
  "110110", "119119", "20082008", "19491001", "100200", "000000", "a123456", "aa123456", "qq123456",
  "abc123", "abc123456", "a1b2c3", "a1b2c3d4", "abcd1234", "aaaaaa", "asdasd", "qweqwe", "zxczxc",
];

/** What people append to a word to pass a complexity check. */
const SUFFIXES = [
  "", "1", "12", "123", "1234", "12345", "123456", "12345678", "123456789", "111", "000", "001", "007",
  "888", "8888", "666", "6666", "520", "521", "1314", "5201314", "!", "!!", ".", "@", "#", "1!", "123!",
  "123.", "@123", "#123", "@1234", "#1234", "@12345", "!@#", "!@#$", "123!@#", "2023", "2024", "2025",
  "2026", "@2023", "@2024", "@2025", "@2026", "2023!", "2024!", "2025!", "2026!",
];

/** What people prepend to a number; "a123456", "qq123456" and "abc123456" top Chinese leak lists. */
const NUMBER_PREFIXES = ["a", "aa", "aaa", "abc", "qq", "q", "z", "w", "qwe", "asd", "zxc", "qaz", "wo", "ai"];
const NUMBERS = ["123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "888888", "666666", "5201314", "1314520"];

function build(): ReadonlySet<string> {
  const set = new Set<string>();
  const add = (word: string) => set.add(word.toLowerCase());

  // Words with every suffix ("password", "password123", "password@2025"); words under 4 letters only with one.
  for (const word of [...ENGLISH, ...PINYIN, ...DOMAIN, ...SURNAMES]) {
    for (const suffix of SUFFIXES) if (word.length + suffix.length >= 4) add(word + suffix);
  }
  // Number and keyboard patterns alone and with a symbol or letters added ("123456!", "123456a").
  for (const pattern of PATTERNS) for (const suffix of ["", "!", ".", "@", "#", "a", "aa", "abc"]) add(pattern + suffix);
  for (const prefix of NUMBER_PREFIXES) for (const number of NUMBERS) add(prefix + number);
  // One digit repeated 6–10 times ("666666", "88888888"), alternating pairs ("121212", "58585858").
  for (let digit = 0; digit <= 9; digit++) {
    for (let length = 6; length <= 10; length++) add(String(digit).repeat(length));
    for (let other = 0; other <= 9; other++) {
      if (other === digit) continue;
      add(`${digit}${other}`.repeat(3));
      add(`${digit}${other}`.repeat(4));
    }
  }
  // Birth years and the same year twice ("19881988"), common among Chinese passwords.
  for (let year = 1950; year <= 2026; year++) {
    add(`${year}${year}`);
    add(`abc${year}`);
    add(`a${year}`);
  }
  return set;
}

/** Lower-case common passwords (about 13,000, generated from the lists above). */
export const COMMON_PASSWORDS: ReadonlySet<string> = build();
