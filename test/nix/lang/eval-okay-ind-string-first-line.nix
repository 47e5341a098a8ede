''  abc
  def''
